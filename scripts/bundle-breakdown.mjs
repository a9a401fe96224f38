// `node scripts/bundle-breakdown.mjs [dist/room-widgets.js] [--markdown]`: where a built file's bytes come from.
// Reads the build's sourcemap and charges every minified byte to the source the mapping names (unmapped bytes,
// the IIFE wrapper and helpers, go to "(unmapped)"). Gzip does not split by module, so each group shows its share of
// the whole file's gzip size (its minified share × the file's gzip bytes) beside its gzip size on its own.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { TraceMap, decodedMappings } from '@jridgewell/trace-mapping';

/** Groups a source path: a package by its name, this project's code by its folder under src/. */
export function groupOf(source) {
  if (!source) return '(unmapped)';
  const pkg = source.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/);
  if (pkg) {
    const [, name, rest] = pkg;
    // engine.io-client's transports are the part a WebSocket-only build leaves out: show them apart.
    if (name === 'engine.io-client' && /transports\//.test(rest))
      return `engine.io-client (${rest.replace(/^.*transports\//, 'transports/')})`;
    return name;
  }
  const src = source.match(/src\/(.*)$/);
  return src ? `src/${src[1]}` : source;
}

export function breakdown(file) {
  const code = readFileSync(file, 'utf8');
  const map = new TraceMap(readFileSync(`${file}.map`, 'utf8'));
  const lines = code.split('\n');
  const chunks = new Map();
  const add = (group, text) => {
    if (!text) return;
    const list = chunks.get(group) ?? [];
    list.push(text);
    chunks.set(group, list);
  };
  const mapped = decodedMappings(map);
  mapped.forEach((segments, lineIndex) => {
    const line = lines[lineIndex] ?? '';
    add('(unmapped)', line.slice(0, segments[0]?.[0] ?? line.length));
    segments.forEach((seg, i) => {
      const end = segments[i + 1]?.[0] ?? line.length;
      add(seg.length > 1 ? groupOf(map.sources[seg[1]]) : '(unmapped)', line.slice(seg[0], end));
    });
  });
  for (let i = mapped.length; i < lines.length; i++) add('(unmapped)', lines[i]);
  const total = Buffer.byteLength(code);
  const totalGzip = gzipSync(code, { level: 9 }).length;
  const rows = [...chunks].map(([group, texts]) => {
    const text = texts.join('');
    const bytes = Buffer.byteLength(text);
    return {
      group,
      bytes,
      gzipShare: Math.round((bytes / total) * totalGzip),
      gzipAlone: gzipSync(text, { level: 9 }).length,
    };
  });
  rows.sort((a, b) => b.bytes - a.bytes);
  return { file, total, totalGzip, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'dist/room-widgets.js';
  const { total, totalGzip, rows } = breakdown(file);
  if (process.argv.includes('--markdown')) {
    console.log(`| module | minified B | share of gzip B | gzip alone B |\n| --- | ---: | ---: | ---: |`);
    for (const r of rows) console.log(`| ${r.group} | ${r.bytes} | ${r.gzipShare} | ${r.gzipAlone} |`);
    console.log(`| **${file}** | **${total}** | **${totalGzip}** | |`);
  } else {
    for (const r of rows)
      console.log(
        `${r.group.padEnd(56)} ${String(r.bytes).padStart(7)} B  ≈${String(r.gzipShare).padStart(6)} B gzip  (${r.gzipAlone} alone)`,
      );
    console.log(`${file}: ${total} B, ${totalGzip} B gzip -9`);
  }
}
