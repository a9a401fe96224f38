// `npm run build`: the classic script, the ES entries (`room-widgets`, `/define`, `/react`) with types, the JSX, Vue
// and Svelte typings and the classic script's global (`/global`), howler's on-demand file, the default sounds, the
// locale files and custom-elements.json, all in dist/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'vite';
import { ON_DEMAND } from './on-demand-parts.mjs';

const require = createRequire(import.meta.url);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
// The manifest first: the React wrapper and the JSX, Vue and Svelte typings are generated from it, then built with the rest.
run(process.execPath, [
  require.resolve('@custom-elements-manifest/analyzer/cem.js'),
  'analyze',
  '--litelement',
  '--globs',
  'src/components/**/*.ts',
  '--exclude',
  'src/**/*.test.ts',
  '--outdir',
  'dist',
  '--quiet',
]);
run(process.execPath, ['scripts/manifest.mjs', 'dist/custom-elements.json']);
run(process.execPath, ['scripts/make-react.mjs']);
run(process.execPath, ['scripts/make-host-types.mjs']);
await build({ mode: 'script', configFile: 'vite.config.ts' });
await build({ mode: 'module', configFile: 'vite.config.ts' });
await build({ mode: 'polling', configFile: 'vite.config.ts' });
for (const name of Object.keys(ON_DEMAND)) await build({ mode: `on-demand:${name}`, configFile: 'vite.config.ts' });
copyFileSync(require.resolve('howler/dist/howler.core.min.js'), 'dist/room-widgets-howler.js');
run(process.execPath, ['scripts/make-sounds.mjs', 'dist/sounds']);
// Checked against the English catalogue, minified, fetched from `locales/` beside the script when first needed.
run(process.execPath, ['scripts/build-locales.mjs', 'dist/locales']);
run(process.execPath, ['scripts/build-server.mjs']);
run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
// Sources import with `.ts` (tsx and vite run them as they are); declarations must name `.js` for consumers.
for (const entry of readdirSync('dist/types', { recursive: true })) {
  if (!String(entry).endsWith('.d.ts')) continue;
  const file = `dist/types/${entry}`;
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace(/(from\s+|import\s+|import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2'),
  );
}
