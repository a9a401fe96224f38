// Turns the analyzer's custom-elements.json (which names `src/*.ts`, files the package does not ship) into the
// manifest the package ships: classes in the ES entry that exports them, tag definitions in the `define` entry, and
// every event typed as the `CustomEvent<Detail>` that `GlobalEventHandlersEventMap` declares for it, with a
// reference to the shipped declaration of its detail type. Read by make-react.mjs and docs-tables.mjs.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';

const ts = createRequire(import.meta.url)('typescript');

/** The shipped files the manifest points at (see vite.config.ts and package.json `exports`). */
export const SHIPPED = {
  classes: 'dist/room-widgets.mjs',
  definitions: 'dist/define.mjs',
  types: (srcFile) => `dist/types/${relative('src', srcFile).replace(/\.ts$/, '.d.ts')}`,
};

/** A symbol with an import alias (`import type { X }`) followed to the declaration it names. */
function target(checker, symbol) {
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/**
 * Follows a type as written (`RoomErrorEvent`, an alias in src/events) down to the `CustomEvent<Detail>` reference
 * it stands for, so the detail keeps the name the sources give it (`type RoomUnreadChangeDetail = UnreadCounts`
 * stays `RoomUnreadChangeDetail`; the checker would print the alias or the interface behind it instead).
 */
function customEventReference(checker, node) {
  for (let hops = 0; node && hops < 8; hops += 1) {
    if (!ts.isTypeReferenceNode(node)) return null;
    if (node.typeName.getText() === 'CustomEvent') return node;
    node = target(checker, checker.getSymbolAtLocation(node.typeName))?.declarations?.find(
      ts.isTypeAliasDeclaration,
    )?.type;
  }
  return null;
}

/** One `GlobalEventHandlersEventMap` entry: its type as `CustomEvent<Detail>` and where the detail is declared. */
function eventType(checker, prop) {
  const written = prop.declarations?.find(ts.isPropertySignature)?.type;
  const reference = customEventReference(checker, written);
  const [argument] = reference?.typeArguments ?? [];
  if (argument && ts.isTypeReferenceNode(argument)) {
    const decl = target(checker, checker.getSymbolAtLocation(argument.typeName))?.declarations?.[0];
    const file = decl && relative('.', decl.getSourceFile().fileName);
    const name = argument.typeName.getText();
    return {
      text: `CustomEvent<${argument.getText()}>`,
      detail: file && resolve(file).startsWith(resolve('src')) ? { name, module: SHIPPED.types(file) } : null,
    };
  }
  // Not an alias chain ending in `CustomEvent<Name>`: the checker's spelling, with no reference to point at.
  return { text: checker.typeToString(checker.getTypeOfSymbol(prop)), detail: null };
}

/** What the sources say: the names the ES entry exports, and each `room-*` event's type and detail type. */
export function readSources(entry = 'src/index.ts') {
  const program = ts.createProgram([entry, 'src/define.ts'], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    experimentalDecorators: true,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  });
  const checker = program.getTypeChecker();
  const entryFile = program.getSourceFile(resolve(entry));
  if (!entryFile) throw new Error(`cannot read ${entry}`);
  const exported = new Set(checker.getExportsOfModule(checker.getSymbolAtLocation(entryFile)).map((s) => s.name));

  const events = new Map();
  for (const file of program.getSourceFiles()) {
    if (!resolve(file.fileName).startsWith(resolve('src'))) continue;
    const visit = (node) => {
      if (ts.isInterfaceDeclaration(node) && node.name.text === 'GlobalEventHandlersEventMap') {
        const map = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(node.name));
        for (const prop of checker.getPropertiesOfType(map)) {
          if (!prop.name.startsWith('room-') || events.has(prop.name)) continue;
          events.set(prop.name, eventType(checker, prop));
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { exported, events };
}

/** The shipped manifest, from the analyzer's. Pure, so a test can feed it a made-up one. */
export function shipManifest(raw, { exported, events }) {
  const declarations = [];
  const definitions = [];
  // The analyzer spells source modules `src/…` or `/src/…` (a superclass); either way they are the ES entry now.
  const relink = (ref) => (/^\/?src\//.test(ref?.module ?? '') ? { ...ref, module: SHIPPED.classes } : ref);
  // The analyzer lists modules in the order the file system gives them (globby does not sort), which differs from one
  // disk to the next; sorted, the manifest and everything made from it (the README's tables) are the same everywhere.
  const modules = [...raw.modules].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const mod of modules) {
    for (const decl of mod.declarations ?? []) {
      const out = { ...decl };
      // Lit's `state: true` properties are private fields, which the analyzer lists as attributes: no host's to set.
      if (out.attributes) {
        const internal = new Set(
          (out.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected').map((m) => m.name),
        );
        out.attributes = out.attributes.filter((a) => !internal.has(a.fieldName));
      }
      if (out.superclass) out.superclass = relink(out.superclass);
      if (out.members)
        out.members = out.members.map((m) => (m.inheritedFrom ? { ...m, inheritedFrom: relink(m.inheritedFrom) } : m));
      if (out.events) {
        out.events = out.events.map((e) => {
          const found = events.get(e.name);
          if (!found)
            throw new Error(`<${decl.tagName}> documents @event ${e.name}, which GlobalEventHandlersEventMap lacks`);
          const type = { text: found.text };
          if (found.detail) {
            const start = found.text.indexOf(found.detail.name);
            type.references = [
              { name: found.detail.name, module: found.detail.module, start, end: start + found.detail.name.length },
            ];
          }
          return { ...e, type, inheritedFrom: relink(e.inheritedFrom) };
        });
      }
      declarations.push(out);
      if (decl.customElement && decl.tagName) {
        definitions.push({
          kind: 'custom-element-definition',
          name: decl.tagName,
          declaration: { name: decl.name, module: SHIPPED.classes },
        });
      }
    }
  }
  // Keep what a host can reach: the exported names, the elements, and the classes they extend (a base element).
  const keep = new Set(declarations.filter((d) => exported.has(d.name) || d.customElement).map((d) => d.name));
  for (let grew = true; grew;) {
    grew = false;
    for (const d of declarations) {
      const base = d.superclass?.module && keep.has(d.name) ? d.superclass.name : null;
      if (base && !keep.has(base)) {
        keep.add(base);
        grew = true;
      }
    }
  }
  const kept = declarations.filter((d) => keep.has(d.name));
  const exports = kept
    .filter((d) => exported.has(d.name))
    .map((d) => ({ kind: 'js', name: d.name, declaration: { name: d.name, module: SHIPPED.classes } }));
  return {
    schemaVersion: raw.schemaVersion,
    readme: raw.readme ?? '',
    modules: [
      { kind: 'javascript-module', path: SHIPPED.classes, declarations: kept, exports },
      { kind: 'javascript-module', path: SHIPPED.definitions, declarations: [], exports: definitions },
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2] ?? 'dist/custom-elements.json';
  const shipped = shipManifest(JSON.parse(readFileSync(file, 'utf8')), readSources());
  writeFileSync(file, `${JSON.stringify(shipped, null, 2)}\n`);
}
