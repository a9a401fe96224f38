import { fileURLToPath } from 'node:url';
import { defineConfig, parseSync, Visitor, type Plugin } from 'vite';

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
 * Folds each run of whitespace that holds a line break, in this project's html`...` templates, into one space: HTML
 * renders such a run as one space anyway (the templates hold no <pre>), and the indentation ships on every page.
 */
function minifyLitHtml(): Plugin {
  return {
    name: 'minify-lit-html',
    transform(code, id) {
      if (!id.includes('/src/') || !/\.ts$/.test(id) || !code.includes('html`')) return null;
      const edits: Array<[number, number, string]> = [];
      new Visitor({
        TaggedTemplateExpression(node) {
          if (node.tag.type !== 'Identifier' || node.tag.name !== 'html') return;
          for (const quasi of node.quasi.quasis) {
            // The element's span may include its delimiters (` or }); find its text just inside, or leave it alone.
            const raw = quasi.value.raw;
            const start = code.startsWith(raw, quasi.start) ? quasi.start : code.startsWith(raw, quasi.start + 1) ? quasi.start + 1 : -1;
            if (start < 0) return;
            edits.push([start, start + raw.length, raw.replace(/\s*\n\s*/g, ' ')]);
          }
        },
      }).visit(parseSync(id, code).program);
      if (edits.length === 0) return null;
      let out = code;
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
    },
  };
}

/**
 * engine.io-client picks transports by name from `transports/index.js`, which imports every transport, and its
 * index re-exports each transport (the XHR one registers an unload listener, so tree-shaking keeps it). The widget
 * always passes its transport classes (src/core/transports.ts), so the classic script gets an empty name table and
 * stand-ins for everything but WebSocket: polling ships as dist/room-widgets-polling.js instead. socket.io-parser's
 * binary support is left out of the script too.
 */
function webSocketOnlyEngine(): Plugin {
  const table = '\0rw-engine-transports';
  const leftOut = '\0rw-engine-left-out';
  const noBinary = '\0rw-parser-no-binary';
  const engineFile = /engine\.io-client\/build\/esm\/[^/]+\.js$/;
  const parserIndex = /socket\.io-parser\/build\/esm\/index\.js$/;
  return {
    name: 'websocket-only-engine',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer && parserIndex.test(importer) && (source === './binary.js' || source === './is-binary.js')) return noBinary;
      // Base64 packets only come over polling without binary support; the polling file decodes its own.
      if (importer && /engine\.io-parser\/build\/esm\/decodePacket\.browser\.js$/.test(importer) && source === './contrib/base64-arraybuffer.js') return noBinary;
      if (!importer || !engineFile.test(importer)) return null;
      if (source === './transports/index.js') return table;
      if (/^\.\/transports\/(polling|webtransport)/.test(source)) return leftOut;
      return null;
    },
    load(id) {
      if (id === table) return 'export const transports = {};';
      if (id === leftOut) return 'export const XHR = undefined, Fetch = undefined, WT = undefined;';
      // The room protocol is JSON only (docs/protocol.md): socket.io-parser's binary attachments are left out. A
      // binary packet would fail to decode, which socket.io-client treats as a parse error and reconnects.
      if (id === noBinary) {
        return `export const hasBinary = () => false, isBinary = () => false;
export const deconstructPacket = () => { throw new Error('binary packets are not supported'); };
export const reconstructPacket = deconstructPacket, decode = deconstructPacket;`;
      }
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
 * - `module`: dist/room-widgets.mjs, dist/define.mjs and dist/react.mjs for bundlers (shared code in dist/chunks/),
 *   dependencies left as imports so apps dedupe them.
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
        minify: 'oxc',
        lib: { entry: pollingEntry, formats: ['iife'], name: 'RoomWidgetsPolling', fileName: () => 'room-widgets-polling.js' },
      },
    };
  }
  return {
    logLevel: 'warn',
    plugins: script ? [minifyLitCss(), minifyLitHtml(), webSocketOnlyEngine()] : [minifyLitCss()],
    // Only the classic script loads polling on demand (src/core/transports.ts); the ES build drops that code.
    define: { __RW_POLLING_ON_DEMAND__: String(script) },
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
