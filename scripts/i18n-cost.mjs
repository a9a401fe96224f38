// Issue 17's budget for the localisation layer: the classic script may grow by at most 1 KB gzip for it. Builds the
// script a second time with an English-only stand-in for the layer (scripts/i18n-cost/), the same strings shown,
// and compares. The layer lives in the script; the English strings are in the element files, which add them and call
// the layer through the kit the same way with either, so they are the same files. Run after `npm run build` (part of
// `npm run test:size`).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildScriptAndElementsVariant } from './script-variant.mjs';

/** The 1 KB. */
export const I18N_BUDGET = 1024;

const stand = (file) => resolve('scripts/i18n-cost', file);
const registry = resolve('src/i18n/registry.ts');
const swap = {
  name: 'english-only-i18n',
  enforce: 'pre',
  resolveId(source, importer) {
    if (!importer) return null;
    // The stand-in controller, in the elements file, reads the stand-in registry the script holds (through the kit).
    if (importer.includes('/scripts/i18n-cost/')) return source === './english-only-registry.ts' ? registry : null;
    if (/\/i18n\/locale-controller\.ts$/.test(source)) return stand('english-only-controller.ts');
    if (/\/i18n\/registry\.ts$/.test(source) && !importer.includes('/src/i18n/'))
      return stand('english-only-registry.ts');
    return null;
  },
};

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
// The layer is in the script (the registry) and, since issue 34, in the elements file (the controller): both count.
const withLayer = gz(readFileSync('dist/room-widgets.js')) + gz(readFileSync('dist/room-widgets-elements.js'));
const without = (await buildScriptAndElementsVariant(swap)).reduce((sum, file) => sum + gz(file), 0);
const cost = withLayer - without;
const ok = cost <= I18N_BUDGET;
console.log(
  `${ok ? 'ok  ' : 'OVER'} localisation layer: ${cost} B gzip of dist/room-widgets.js and room-widgets-elements.js (${withLayer} B; ${without} B with English only; budget ${I18N_BUDGET} B)`,
);
if (!ok) process.exitCode = 1;
