import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { defineConfig, parseSync, Visitor, type Plugin } from 'vite';
import { ON_DEMAND } from './scripts/on-demand-parts.mjs';

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
          // A colon followed by space is a declaration's (a pseudo-class never is); a space before !important is noise.
          .replace(/:\s+/g, ':')
          .replace(/\s+!important/g, '!important')
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
            const start = code.startsWith(raw, quasi.start)
              ? quasi.start
              : code.startsWith(raw, quasi.start + 1)
                ? quasi.start + 1
                : -1;
            if (start < 0) return;
            edits.push([start, start + raw.length, raw.replace(/\s*\n\s*/g, ' ')]);
          }
        },
      }).visit(parseSync(id, code).program);
      if (edits.length === 0) return null;
      let out = code;
      for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0]))
        out = out.slice(0, start) + text + out.slice(end);
      return { code: out, map: null };
    },
  };
}

/**
 * A second pass over oxc's output, with terser: each minifier finds folds the other misses (the classic script
 * gzips 237 B smaller, the chat's file 75 B, the notifications' 111 B), and a page loads these files before its
 * first render. Terser reads oxc's sourcemap, so the map still leads to the sources (scripts/bundle-breakdown.mjs).
 */
function terserAfterOxc(): Plugin {
  /** Terser's maps by file: the bundler writes its own (oxc's) map whatever the chunk says, so these replace it. */
  const maps = new Map<string, string>();
  return {
    name: 'terser-after-oxc',
    async generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const out = await minify(chunk.code, {
          ecma: 2020,
          compress: { ecma: 2020, passes: 2 },
          format: { comments: false },
          sourceMap: chunk.map ? { content: JSON.stringify(chunk.map) } : false,
        });
        // The comment that names the map, where oxc's output had one (terser drops comments).
        const mapComment = /\n\/\/# sourceMappingURL=\S+\s*$/.exec(chunk.code)?.[0] ?? '';
        chunk.code = out.code! + mapComment;
        if (chunk.map && out.map) maps.set(chunk.fileName, out.map as string);
      }
    },
    writeBundle(options) {
      for (const [file, map] of maps) writeFileSync(resolve(options.dir!, `${file}.map`), map);
      maps.clear();
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
      if (importer && parserIndex.test(importer) && (source === './binary.js' || source === './is-binary.js'))
        return noBinary;
      // Base64 packets only come over polling without binary support; the polling file decodes its own.
      if (
        importer &&
        /engine\.io-parser\/build\/esm\/decodePacket\.browser\.js$/.test(importer) &&
        source === './contrib/base64-arraybuffer.js'
      )
        return noBinary;
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

/**
 * What a file loaded on demand may import from the kit, shared through `window.RoomWidgetsKit` so that it never brings
 * a second copy: lit's exports (templates and directives of two lits do not mix) and this project's modules that the
 * script holds (the room's connection and store, the localisation registry) or, for ELEMENT_KIT below, the elements
 * file (the base element, the palette, the localisation controller). Keys:
 * the kit's name for a module, the module (a package, or a file of this project), and the names it shares
 * (functions, classes and constants: the kit holds values, not live bindings).
 */
const KIT: Record<string, { module: string; names: string[] }> = {
  lit: { module: 'lit', names: ['html', 'css', 'nothing', 'adoptStyles', 'LitElement'] },
  repeat: { module: 'lit/directives/repeat.js', names: ['repeat'] },
  locale: { module: 'src/i18n/locale-controller.ts', names: ['LocaleController'] },
  registry: {
    module: 'src/i18n/registry.ts',
    names: [
      'addEnglish',
      'canonical',
      'directionOf',
      'entry',
      'loadLocale',
      'localeChain',
      'notifyLocaleChange',
      'onLocaleChange',
    ],
  },
  defaults: { module: 'src/core/defaults.ts', names: ['resolveServer'] },
  client: { module: 'src/core/client.ts', names: ['RoomRefusal', 'connect'] },
  refusal: { module: 'src/core/refusal.ts', names: ['RoomRefusal'] },
  // Both elements' palette: once, rather than a copy in each element's file.
  theme: { module: 'src/components/theme.ts', names: ['themeStyles', 'icon'] },
  // Both elements' base class: once, rather than a copy in each element's file.
  element: { module: 'src/components/room-element.ts', names: ['RoomElement'] },
  // Both elements' live regions (issue 28).
  announcer: { module: 'src/components/live-announcer.ts', names: ['LiveAnnouncer', 'ANNOUNCE_EVERY_MS'] },
  // The page-wide presenting switch (issue 28): the script's, as the headless client and RoomWidgets share it.
  presenting: { module: 'src/core/presenting.ts', names: ['isPresenting', 'onPresenting', 'setPresenting'] },
  early: { module: 'src/core/early-messages.ts', names: ['earlyKey', 'earlyMessages'] },
  events: { module: 'src/events/events.ts', names: ['emit'] },
  script: { module: 'src/core/load-script.ts', names: ['scriptBase', 'loadScript'] },
  onDemand: { module: 'src/core/on-demand.ts', names: ['onDemand'] },
  emitter: { module: 'src/core/emitter.ts', names: ['Emitter'] },
  hostEvents: { module: 'src/core/host-events.ts', names: ['hostEvents'] },
  centre: { module: 'src/core/notification-centre.ts', names: ['NotificationCentre', 'notificationCentre'] },
  // What the conversation core (src/core/conversation-core.ts) shares with the checks and shapes the script keeps.
  validate: { module: 'src/core/validate.ts', names: ['need', 'reaction', 'locks', 'moderation'] },
  shapes: { module: 'src/core/conversation-shapes.ts', names: ['quoteOf', 'tombstoneOf', 'withoutQuotedText'] },
};

/**
 * The part of the kit that only elements use (issue 34): lit, the base element, the palette and the localisation
 * controller are not in the classic script but in dist/room-widgets-elements.js, which the script loads with the first
 * element's file and which adds them to `RoomWidgetsKit` before that file runs. A page that only uses
 * `RoomWidgets.connect()` never loads it; the files loaded on demand for the headless client (HEADLESS) may not use it.
 */
const ELEMENT_KIT = new Set(['lit', 'repeat', 'locale', 'theme', 'element', 'announcer']);
const HEADLESS = new Set(['socket', 'core', 'outbox', 'files', 'reading', 'typing']);
/** The kit's entries a build provides: the script all but the elements' part, the elements file that part. */
const kitOf = (elements: boolean) => Object.entries(KIT).filter(([key]) => ELEMENT_KIT.has(key) === elements);

const root = dirname(fileURLToPath(import.meta.url));
/** What every build shares: all write into dist/ (scripts/build.mjs empties it once, first). */
const OUTPUT = { target: 'es2022', outDir: 'dist', emptyOutDir: false, sourcemap: true } as const;
/** A kit module as the bundler names it once resolved: this project's files by their absolute path. */
const kitModule = (module: string) => (module.startsWith('src/') ? resolve(root, module) : module);

/** The classic script's modules, recorded by its build for the on-demand builds that follow in the same process. */
const SCRIPT_MODULES = '__roomWidgetsScriptModules';
/** This project's modules each on-demand file bundled so far in this process, and which file bundled it. */
const PART_MODULES = '__roomWidgetsPartModules';
type Recorded = typeof globalThis & { [SCRIPT_MODULES]?: Set<string>; [PART_MODULES]?: Map<string, string> };
/** Modules that hold no state, which two on-demand files may each bundle (a copy costs bytes, never behaviour). */
const STATELESS = new Set(
  [
    'src/components/theme.ts',
    'src/components/icons.ts',
    'src/core/text.ts',
    'src/components/room-element.ts',
    // English strings of the chat's search and emoji picker, added by whichever of the two loads first.
    'src/i18n/en-chat-reading.ts',
  ].map((file) => resolve(root, file)),
);

/**
 * The classic script's side: `import('./centre-panel.ts')` in this project's code becomes `onDemand('centre')`
 * (src/core/on-demand.ts), and `virtual:room-widgets-kit` holds the shared exports. The files loaded on demand get
 * the same rewrite, for the parts they load in turn. `record`: the script's own build notes its modules.
 */
function onDemandParts(record: boolean, elements = false): Plugin {
  const byPath = new Map(Object.entries(ON_DEMAND).map(([name, file]) => [resolve(root, file), name]));
  const kitId = elements ? '\0room-widgets-element-kit' : '\0room-widgets-kit';
  return {
    name: 'on-demand-parts',
    // After TypeScript is stripped, so `typeof import(...)` types are gone and only real dynamic imports remain.
    resolveId: (source) => (source === 'virtual:room-widgets-kit' ? kitId : null),
    load(id) {
      if (id !== kitId) return null;
      const entries = kitOf(elements);
      const imports = entries.map(
        ([key, { module, names }]) =>
          `import { ${names.map((n) => `${n} as ${key}_${n}`).join(', ')} } from ${JSON.stringify(kitModule(module))};`,
      );
      const kit = entries.map(([key, { names }]) => `${key}: { ${names.map((n) => `${n}: ${key}_${n}`).join(', ')} }`);
      return `${imports.join('\n')}\nexport const kit = { ${kit.join(', ')} };`;
    },
    transform(code, id) {
      if (!id.startsWith(resolve(root, 'src')) || !code.includes('import(')) return null;
      let used = false;
      const out = code.replace(/\bimport\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*\)/g, (whole, _q: string, spec: string) => {
        const name = byPath.get(resolve(dirname(id), spec));
        if (!name) return whole;
        used = true;
        return `__rwOnDemand(${JSON.stringify(name)})`;
      });
      if (!used) return null;
      return {
        code: `import { onDemand as __rwOnDemand } from ${JSON.stringify(resolve(root, 'src/core/on-demand.ts'))};\n${out}`,
        map: null,
      };
    },
    generateBundle() {
      if (record) (globalThis as Recorded)[SCRIPT_MODULES] = new Set(this.getModuleIds());
    },
  };
}

/**
 * One file loaded on demand, as a classic script that defines `RoomWidgetsOnDemand[name]`, taking the kit's modules
 * from the script. It may bundle its own modules, never one the script holds: that would be a second copy with state
 * of its own (or a second lit), so the build fails if one is bundled, or if a name is used that the kit does not share.
 */
function onDemandBuild(name: keyof typeof ON_DEMAND) {
  // The elements file bundles the kit's elements part, and so does the file with both elements (which never loads
  // with another element file: it replaces them all).
  const elements = name === 'elements' || name === 'both';
  // What this file takes from the kit: the elements file takes the script's part and bundles the rest.
  const byModule = new Map(
    (elements ? kitOf(false) : Object.entries(KIT)).map(([key, v]) => [kitModule(v.module), { key, names: v.names }]),
  );
  const guard: Plugin = {
    name: 'on-demand-guard',
    transform(code, id) {
      if (!id.startsWith(resolve(root, 'src'))) return null;
      new Visitor({
        ImportDeclaration: (node) => {
          const source = node.source.value;
          const shared = byModule.get(source.startsWith('.') ? resolve(dirname(id), source) : source);
          if (!shared || node.importKind === 'type') return;
          if (HEADLESS.has(name) && ELEMENT_KIT.has(shared.key))
            this.error(
              `${id} imports ${source}, which a page without elements never loads (vite.config.ts ELEMENT_KIT)`,
            );
          for (const spec of node.specifiers) {
            const used =
              spec.type === 'ImportSpecifier'
                ? spec.imported.type === 'Identifier'
                  ? spec.imported.name
                  : spec.imported.value
                : '*';
            if (spec.type === 'ImportSpecifier' && spec.importKind === 'type') continue;
            if (!shared.names.includes(used))
              this.error(`${id} imports ${used} from ${source}, which the kit does not share (vite.config.ts KIT)`);
          }
        },
      }).visit(parseSync(id, code).program);
      return null;
    },
    generateBundle() {
      const script = (globalThis as Recorded)[SCRIPT_MODULES];
      if (!script)
        this.error(
          'build the classic script first, in the same process (scripts/build.mjs): this build checks against its modules',
        );
      const lit = /\/(lit-html|lit-element|@lit\/reactive-element)\//;
      const strays = [...this.getModuleIds()].filter(
        (m) => !byModule.has(m) && (script.has(m) || (!elements && lit.test(m))),
      );
      if (strays.length > 0)
        this.error(
          `${ON_DEMAND[name]} bundles ${strays.join(', ')}, which the classic script holds: import it through the kit (vite.config.ts KIT)`,
        );
      // Two files with a copy each of a module that holds state would each see their own.
      const parts = ((globalThis as Recorded)[PART_MODULES] ??= new Map());
      for (const m of this.getModuleIds()) {
        if (name === 'both') break;
        if (!m.startsWith(resolve(root, 'src')) || byModule.has(m) || STATELESS.has(m)) continue;
        const other = parts.get(m);
        if (other && other !== name)
          this.error(
            `${m} is bundled by both room-widgets-${other}.js and room-widgets-${name}.js: move it into the script's kit, or list it in STATELESS if it holds no state`,
          );
        parts.set(m, name);
      }
    },
  };
  // socket.io's file is the classic script's transport: WebSocket only, polling loaded by it when needed.
  const socket = name === 'socket';
  return {
    logLevel: 'warn' as const,
    plugins: [
      guard,
      ...(socket ? [webSocketOnlyEngine()] : []),
      minifyLitCss(),
      minifyLitHtml(),
      onDemandParts(false, elements),
      terserAfterOxc(),
    ],
    define: socket ? { __RW_POLLING_ON_DEMAND__: 'true', 'import.meta.url': 'undefined' } : {},
    build: {
      ...OUTPUT,
      minify: 'oxc' as const,
      lib: {
        entry: ON_DEMAND[name]!,
        formats: ['iife' as const],
        name: `RoomWidgetsOnDemand.${name}`,
        fileName: () => `room-widgets-${name}.js`,
      },
      rollupOptions: {
        external: [...byModule.keys()],
        output: {
          extend: true,
          globals: Object.fromEntries([...byModule].map(([module, { key }]) => [module, `RoomWidgetsKit.${key}`])),
        },
      },
    },
  };
}

/** engine.io-client's XHR polling on its own, as a classic script that defines `RoomWidgetsPolling.XHR`. */
const pollingEntry = fileURLToPath(
  new URL('node_modules/engine.io-client/build/esm/transports/polling-xhr.js', import.meta.url),
);

/**
 * The library builds (see scripts/build.mjs, which runs them):
 * - `script`: dist/room-widgets.js, one classic IIFE with lit, socket.io-client and the room's store inside; each
 *   element's code, howler (dist/room-widgets-howler.js) and the parts few pages use stay out and load when first
 *   needed; WebSocket is its only transport.
 * - `polling`: dist/room-widgets-polling.js, loaded by the script the first time WebSocket fails to open.
 * - `on-demand:<name>`: dist/room-widgets-<name>.js, each file of ON_DEMAND (the elements and their rarer parts),
 *   loaded by the script when first used; built after the script, which they are checked against.
 * - `module`: dist/room-widgets.mjs, dist/define.mjs and dist/react.mjs for bundlers (shared code in dist/chunks/),
 *   dependencies left as imports so apps dedupe them.
 */
export default defineConfig(({ mode }) => {
  const script = mode !== 'module';
  if (mode.startsWith('on-demand:')) return onDemandBuild(mode.slice('on-demand:'.length) as keyof typeof ON_DEMAND);
  if (mode === 'polling') {
    return {
      logLevel: 'warn',
      plugins: [terserAfterOxc()],
      build: {
        ...OUTPUT,
        minify: 'oxc',
        lib: {
          entry: pollingEntry,
          formats: ['iife'],
          name: 'RoomWidgetsPolling',
          fileName: () => 'room-widgets-polling.js',
        },
      },
    };
  }
  return {
    logLevel: 'warn',
    plugins: script
      ? [minifyLitCss(), minifyLitHtml(), webSocketOnlyEngine(), onDemandParts(true), terserAfterOxc()]
      : [minifyLitCss()],
    // Only the classic script loads polling on demand (src/core/transports.ts); the ES build drops that code.
    // A classic script has no import.meta: say so, rather than let the bundler warn and put `{}` in its place.
    define: { __RW_POLLING_ON_DEMAND__: String(script), ...(script ? { 'import.meta.url': 'undefined' } : {}) },
    build: {
      ...OUTPUT,
      // oxc's output gzips about 150 B smaller than terser's for the classic script.
      minify: script ? 'oxc' : 'terser',
      terserOptions: { ecma: 2020, module: true, compress: { passes: 2 } },
      lib: script
        ? { entry: 'src/script.ts', formats: ['iife'], name: 'RoomWidgets', fileName: () => 'room-widgets.js' }
        : {
            // The package's ES entries: classes (no side effects), `/define`, and the generated React wrapper.
            entry: { 'room-widgets': 'src/index.ts', define: 'src/define.ts', react: 'src/react/index.ts' },
            formats: ['es'],
            fileName: (_format, name) => `${name}.mjs`,
          },
      rollupOptions: {
        // terser is slow by design; its timing note on a loaded machine is noise in every build.
        checks: { pluginTimings: false },
        external: script ? [] : [/^lit($|\/)/, /^@lit\//, 'socket.io-client', 'howler', /^react($|\/)/],
        output: script
          ? {}
          : {
              chunkFileNames: (chunk) =>
                chunk.isDynamicEntry ? 'chunks/[name]-[hash].mjs' : 'chunks/shared-[hash].mjs',
            },
      },
    },
  };
});
