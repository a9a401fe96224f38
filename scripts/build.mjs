// `npm run build`: the classic script, the ES module with types, howler's on-demand file, the default sounds
// and custom-elements.json, all in dist/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'vite';

const require = createRequire(import.meta.url);
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
await build({ mode: 'script', configFile: 'vite.config.ts' });
await build({ mode: 'module', configFile: 'vite.config.ts' });
await build({ mode: 'polling', configFile: 'vite.config.ts' });
copyFileSync(require.resolve('howler/dist/howler.core.min.js'), 'dist/room-widgets-howler.js');
run(process.execPath, ['scripts/make-sounds.mjs', 'dist/sounds']);
run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
// Sources import with `.ts` (tsx and vite run them as they are); declarations must name `.js` for consumers.
for (const entry of readdirSync('dist/types', { recursive: true })) {
  if (!String(entry).endsWith('.d.ts')) continue;
  const file = `dist/types/${entry}`;
  writeFileSync(file, readFileSync(file, 'utf8').replace(/(from\s+|import\s+|import\()(['"])(\.{1,2}\/[^'"]+)\.ts\2/g, '$1$2$3.js$2'));
}
run(process.execPath, [require.resolve('@custom-elements-manifest/analyzer/cem.js'), 'analyze', '--litelement', '--globs', 'src/components/**/*.ts', '--exclude', 'src/**/*.test.ts', '--outdir', 'dist', '--quiet']);
