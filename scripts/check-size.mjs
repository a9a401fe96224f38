// Fails `npm test` when a shipped file passes its gzip budget (bytes, gzip -9). Run after `npm run build`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const BUDGETS = {
  // The classic script: lit + socket.io-client (WebSocket only) + both elements. Held at today's size plus a little
  // while issue #18's target (TARGETS) is not yet met; see BENCHMARKS.md.
  'dist/room-widgets.js': 26 * 1024,
  // On demand: howler's core, loaded only when the first sound plays.
  'dist/room-widgets-howler.js': 9 * 1024,
  // On demand: engine.io-client's HTTP long-polling, loaded only when WebSocket cannot open.
  'dist/room-widgets-polling.js': 4 * 1024,
  // The ES build for bundlers, dependencies excluded.
  'dist/room-widgets.mjs': 11 * 1024,
};

/** Where a file should get to; reported by `npm run test:size`, not enforced until it is reached. */
export const TARGETS = {
  'dist/room-widgets.js': 24 * 1024,
};

export function gzipBytes(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let over = false;
  for (const [file, budget] of Object.entries(BUDGETS)) {
    const size = gzipBytes(file);
    const ok = size <= budget;
    over ||= !ok;
    const target = TARGETS[file];
    const toGo = target && size > target ? `; target ${target} B, ${size - target} B to go` : '';
    console.log(`${ok ? 'ok  ' : 'OVER'} ${file}: ${size} B gzip (budget ${budget} B${toGo})`);
  }
  if (over) {
    console.error('a bundle is over its budget');
    process.exit(1);
  }
}
