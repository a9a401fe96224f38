// The room server as an installable package, written to server/dist/ by `npm run build`: one JavaScript file (no
// TypeScript or tsx at run time; the wire types it shares with the widgets are compiled in), a package.json that
// depends on the widget package for the files it serves, and the README, whose configuration tables `--help` prints.
// `npm pack ./server/dist` makes the tarball; `npx room-widgets-server` runs it.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { build } from 'vite';

const root = JSON.parse(readFileSync('package.json', 'utf8'));
const server = JSON.parse(readFileSync('server/package.json', 'utf8'));

await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: 'server/dist',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: { main: 'server/main.ts' },
      output: { format: 'es', entryFileNames: '[name].js', banner: '#!/usr/bin/env node' },
      checks: { pluginTimings: false },
    },
  },
});

// Development-only dependencies of the workspace (the source is run with tsx there) stay out of the package.
const { tsx: _tsx, ...dependencies } = server.dependencies;
const manifest = {
  name: server.name,
  version: server.version,
  description: server.description,
  license: server.license,
  type: 'module',
  engines: server.engines,
  bin: { 'room-widgets-server': './main.js' },
  main: './main.js',
  files: ['main.js', 'main.js.map', 'README.md', 'emoji.json'],
  // fastify's newest light-my-request takes cookie 2, which wants Node 22 and warns EBADENGINE on Node 20: a direct
  // dependency on the last release before it keeps an operator's install on the stated engine quiet.
  dependencies: { ...dependencies, 'light-my-request': root.overrides['light-my-request'], [root.name]: root.version },
};
writeFileSync('server/dist/package.json', `${JSON.stringify(manifest, null, 2)}\n`);
copyFileSync('README.md', 'server/dist/README.md');
// The emoji picker's data (server/emoji/route.ts reads it from beside main.js).
copyFileSync('server/emoji/emoji.json', 'server/dist/emoji.json');
