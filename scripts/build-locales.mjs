// `node scripts/build-locales.mjs [outDir]`: checks every src/i18n/locales/*.json against the English catalogue
// and writes each, minified, to dist/locales/ (the widgets fetch `locales/<tag>.json` beside the script).
// `--check` only checks. Fails on an unknown or missing key, a parameter English does not have, or plural forms
// that are not exactly the language's CLDR categories; prints each file's size.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tsImport } from 'tsx/esm/api';

const args = process.argv.slice(2);
const check = args.includes('--check');
const outDir = args.find((a) => !a.startsWith('--')) ?? 'dist/locales';
const srcDir = 'src/i18n/locales';
const { en: bundled } = await tsImport('../src/i18n/en.ts', import.meta.url);
const { refusals } = await tsImport('../src/i18n/refusals.ts', import.meta.url);
// What every locale translates: the catalogue in the script, and the refusal reasons English takes from the server.
const en = { ...bundled, ...refusals };
const { SHIPPED_LOCALES } = await tsImport('../src/i18n/registry.ts', import.meta.url);

const placeholders = (value) =>
  new Set(
    Object.values(typeof value === 'string' ? { value } : value).flatMap((s) =>
      [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
    ),
  );

function problems(tag, strings) {
  const found = [];
  const categories = new Intl.PluralRules(tag).resolvedOptions().pluralCategories;
  for (const key of Object.keys(en)) if (!(key in strings)) found.push(`${key}: missing`);
  for (const [key, value] of Object.entries(strings)) {
    const english = en[key];
    if (english === undefined) {
      found.push(`${key}: not a key of the English catalogue`);
      continue;
    }
    if (typeof english === 'string' ? typeof value !== 'string' : typeof value !== 'object' || value === null) {
      found.push(`${key}: must be ${typeof english === 'string' ? 'a string' : 'an object of plural forms'}`);
      continue;
    }
    if (typeof value === 'object') {
      const forms = Object.keys(value);
      const extra = forms.filter((f) => !categories.includes(f));
      const absent = categories.filter((c) => !forms.includes(c));
      if (extra.length) found.push(`${key}: ${tag} has no plural form ${extra.join(', ')}`);
      if (absent.length) found.push(`${key}: plural forms ${absent.join(', ')} missing`);
      if (Object.values(value).some((v) => typeof v !== 'string'))
        found.push(`${key}: every plural form must be a string`);
    }
    const allowed = placeholders(english);
    for (const name of placeholders(value))
      if (!allowed.has(name)) found.push(`${key}: {${name}} is not a parameter of this string`);
  }
  return found;
}

const files = readdirSync(srcDir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const tags = files.map((f) => f.replace(/\.json$/, ''));
const unlisted = [...new Set([...tags, ...SHIPPED_LOCALES])].filter(
  (t) => !tags.includes(t) || !SHIPPED_LOCALES.includes(t),
);
let failed = unlisted.length > 0;
if (failed) console.error(`SHIPPED_LOCALES and ${srcDir} disagree about: ${unlisted.join(', ')}`);
if (!check) mkdirSync(outDir, { recursive: true });
for (const file of files) {
  const tag = file.replace(/\.json$/, '');
  const strings = JSON.parse(readFileSync(`${srcDir}/${file}`, 'utf8'));
  const found = problems(tag, strings);
  if (found.length) {
    failed = true;
    console.error(`${srcDir}/${file}:\n  ${found.join('\n  ')}`);
    continue;
  }
  const min = JSON.stringify(strings);
  if (!check) writeFileSync(`${outDir}/${file}`, min);
  console.log(
    `${check ? 'ok' : outDir + '/'}${check ? ' ' + file : file}: ${Buffer.byteLength(min)} B, ${gzipSync(min, { level: 9 }).length} B gzip`,
  );
}
if (failed) process.exit(1);
