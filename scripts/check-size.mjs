// Fails `npm test` when a shipped file passes its gzip budget (bytes, gzip -9). Run after `npm run build`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const BUDGETS = {
  // The classic script: lit + socket.io-client + both elements. Issue #6 aims at 25 KB; see BENCHMARKS.md.
  'dist/room-widgets.js': 30 * 1024,
  // howler's core, loaded only when the first sound plays.
  'dist/room-widgets-howler.js': 9 * 1024,
  // The ES build for bundlers, dependencies excluded.
  'dist/room-widgets.mjs': 11 * 1024,
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
    console.log(`${ok ? 'ok  ' : 'OVER'} ${file}: ${size} B gzip (budget ${budget} B)`);
  }
  if (over) {
    console.error('a bundle is over its budget');
    process.exit(1);
  }
}
