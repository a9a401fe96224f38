/**
 * socket.io's client and the transports it may use: the one module that imports socket.io-client's code. The classic
 * script loads it on demand as dist/room-widgets-socket.js (scripts/on-demand-parts.mjs), fetched beside the
 * elements' file as the script starts, so a page's first render never waits for it (issue 34); bundlers split it
 * like any dynamic import.
 */
export { io } from 'socket.io-client';
export { connectionTransports } from './transports.ts';
