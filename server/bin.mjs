#!/usr/bin/env node
// `room-widgets-server` in this checkout: the compiled server (`npm run build` writes server/dist/).
import { existsSync } from 'node:fs';

const main = new URL('./dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('room-widgets: the server is not built yet: run `npm run build` first');
  process.exit(2);
}
await import(main.href);
