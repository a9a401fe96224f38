import { defineConfig, type Plugin } from 'vite';

/**
 * Collapses the whitespace and comments inside this project's css`...` templates: the minifier leaves template
 * literals alone, and these bytes ship on every page.
 */
function minifyLitCss(): Plugin {
  return {
    name: 'minify-lit-css',
    transform(code, id) {
      if (!id.includes('/src/') || !code.includes('css`')) return null;
      const out = code.replace(/css`([^`]*)`/g, (_m, body: string) => {
        const min = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${min}\``;
      });
      // Whitespace-only edits inside template literals: no mapping worth generating.
      return { code: out, map: null };
    },
  };
}

/**
 * Two library builds (see scripts/build.mjs, which runs both):
 * - `script`: dist/room-widgets.js, one classic IIFE with lit and socket.io-client inside; howler stays out
 *   and is loaded from dist/room-widgets-howler.js when the first sound plays.
 * - `module`: dist/room-widgets.mjs, dist/define.mjs and dist/react.mjs for bundlers (shared code in dist/chunks/),
 *   dependencies left as imports so apps dedupe them.
 */
export default defineConfig(({ mode }) => {
  const script = mode !== 'module';
  return {
    logLevel: 'warn',
    plugins: [minifyLitCss()],
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: false,
      sourcemap: true,
      minify: 'terser',
      terserOptions: { ecma: 2020, module: !script, compress: { passes: 2 } },
      lib: script
        ? { entry: 'src/script.ts', formats: ['iife'], name: 'RoomWidgets', fileName: () => 'room-widgets.js' }
        : {
            // The package's ES entries: classes (no side effects), `/define`, and the generated React wrapper.
            entry: { 'room-widgets': 'src/index.ts', define: 'src/define.ts', react: 'src/react/index.ts' },
            formats: ['es'],
            fileName: (_format, name) => `${name}.mjs`,
          },
      rollupOptions: {
        external: script ? [] : [/^lit($|\/)/, /^@lit\//, 'socket.io-client', 'howler', /^react($|\/)/],
        output: script ? {} : { chunkFileNames: 'chunks/shared-[hash].mjs' },
      },
    },
  };
});
