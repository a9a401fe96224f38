import { fileURLToPath } from 'node:url';
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
 * engine.io-client picks transports by name from `transports/index.js`, which imports every transport, and its
 * index re-exports each transport (the XHR one registers an unload listener, so tree-shaking keeps it). The widget
 * always passes its transport classes (src/core/transports.ts), so the classic script gets an empty name table and
 * stand-ins for everything but WebSocket: polling ships as dist/room-widgets-polling.js instead.
 */
function webSocketOnlyEngine(): Plugin {
  const table = '\0rw-engine-transports';
  const leftOut = '\0rw-engine-left-out';
  const engineFile = /engine\.io-client\/build\/esm\/[^/]+\.js$/;
  return {
    name: 'websocket-only-engine',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !engineFile.test(importer)) return null;
      if (source === './transports/index.js') return table;
      if (/^\.\/transports\/(polling|webtransport)/.test(source)) return leftOut;
      return null;
    },
    load(id) {
      if (id === table) return 'export const transports = {};';
      if (id === leftOut) return 'export const XHR = undefined, Fetch = undefined, WT = undefined;';
      return null;
    },
  };
}

/** engine.io-client's XHR polling on its own, as a classic script that defines `RoomWidgetsPolling.XHR`. */
const pollingEntry = fileURLToPath(new URL('node_modules/engine.io-client/build/esm/transports/polling-xhr.js', import.meta.url));

/**
 * Three library builds (see scripts/build.mjs, which runs them):
 * - `script`: dist/room-widgets.js, one classic IIFE with lit and socket.io-client inside; howler stays out
 *   and is loaded from dist/room-widgets-howler.js when the first sound plays; WebSocket is its only transport.
 * - `polling`: dist/room-widgets-polling.js, loaded by the script the first time WebSocket fails to open.
 * - `module`: dist/room-widgets.mjs for bundlers, dependencies left as imports so apps dedupe them.
 */
export default defineConfig(({ mode }) => {
  const script = mode !== 'module';
  if (mode === 'polling') {
    return {
      logLevel: 'warn',
      build: {
        target: 'es2022',
        outDir: 'dist',
        emptyOutDir: false,
        sourcemap: true,
        // oxc's output gzips about 150 B smaller than terser's for the classic script.
      minify: script ? 'oxc' : 'terser',
        lib: { entry: pollingEntry, formats: ['iife'], name: 'RoomWidgetsPolling', fileName: () => 'room-widgets-polling.js' },
      },
    };
  }
  return {
    logLevel: 'warn',
    plugins: script ? [minifyLitCss(), webSocketOnlyEngine()] : [minifyLitCss()],
    define: script ? { __RW_POLLING_ON_DEMAND__: 'true' } : {},
    build: {
      target: 'es2022',
      outDir: 'dist',
      emptyOutDir: false,
      sourcemap: true,
      // oxc's output gzips about 150 B smaller than terser's for the classic script.
      minify: script ? 'oxc' : 'terser',
      terserOptions: { ecma: 2020, module: !script, compress: { passes: 2 } },
      lib: script
        ? { entry: 'src/script.ts', formats: ['iife'], name: 'RoomWidgets', fileName: () => 'room-widgets.js' }
        : { entry: 'src/index.ts', formats: ['es'], fileName: () => 'room-widgets.mjs' },
      rollupOptions: {
        external: script ? [] : [/^lit($|\/)/, /^@lit\//, 'socket.io-client', 'howler'],
      },
    },
  };
});
