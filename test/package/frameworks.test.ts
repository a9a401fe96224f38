import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { hostRoots, installOffline } from './offline-host.ts';

/**
 * The package's types as Vue, Svelte and plain-script hosts get them: `npm pack` (run `npm run build` first),
 * installed with `npm install --offline` beside vue, svelte and their default tsconfigs (test/package/frameworks),
 * then the README's snippets, extracted as written, checked with vue-tsc, svelte-check and tsc; and attw on the
 * tarball. The checkers run from this repository's node_modules: the host holds only what a template's app would.
 */
const REPO = resolve('.');
const run = promisify(execFile);
const bin = (path: string) => resolve('node_modules', path);

/** A command's exit and its whole output (the checkers print their diagnostics on stdout and exit 1). */
async function check(args: string[], cwd: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd, maxBuffer: 16 << 20 });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
}

/** A `## heading` section of the README, up to the next one. */
function section(readme: string, heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `the README has "## ${heading}"`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

const blocks = (text: string, lang: string) =>
  [...text.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1]!);
/** The inline classic scripts of an HTML snippet (no `src`, no `type="module"`). */
const inlineScripts = (html: string) => [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
/** The 1-based lines of a fixture that hold a `WRONG` marker. */
const wrongLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => (line.includes('WRONG') ? [i + 1] : []));

describe('the packed package in Vue, Svelte and plain-script hosts', () => {
  let work: string;
  let host: string;
  let tarball: string;

  before(async () => {
    assert.ok(existsSync('dist/types/jsx/vue.d.ts'), 'run `npm run build` before this test');
    work = mkdtempSync(join(tmpdir(), 'room-widgets-frameworks-'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO });
    tarball = join(work, (JSON.parse(stdout) as Array<{ filename: string }>)[0]!.filename);

    host = join(work, 'host');
    cpSync('test/package/frameworks', host, { recursive: true });
    const readme = readFileSync('README.md', 'utf8');
    const frameworks = section(readme, 'Vue and Svelte');
    blocks(frameworks, 'vue').forEach((code, i) => writeFileSync(join(host, `vue/readme-${i + 1}.vue`), code));
    blocks(frameworks, 'svelte').forEach((code, i) => writeFileSync(join(host, `svelte/readme-${i + 1}.svelte`), code));
    const quickstart = readme.slice(
      readme.indexOf('<!-- quickstart:start -->'),
      readme.indexOf('<!-- quickstart:end -->'),
    );
    const plainJs = [
      ...blocks(quickstart, 'html').flatMap(inlineScripts),
      ...blocks(section(readme, 'Listening to events'), 'js'),
      ...blocks(section(readme, 'Unread badge'), 'html').flatMap(inlineScripts),
    ];
    const plainTs = blocks(section(readme, 'Types for the classic script'), 'ts');
    mkdirSync(join(host, 'plain'));
    plainJs.forEach((code, i) => writeFileSync(join(host, `plain/readme-${i + 1}.js`), code));
    plainTs.forEach((code, i) => writeFileSync(join(host, `plain/readme-${i + 1}.ts`), code));
    assert.ok(
      existsSync(join(host, 'vue/readme-1.vue')) && existsSync(join(host, 'svelte/readme-1.svelte')),
      'the README has its Vue and Svelte snippets',
    );
    assert.equal(plainJs.length, 3, 'the Quick start, Listening to events and Unread badge scripts');
    assert.equal(plainTs.length, 1, 'the classic script types snippet');

    const root = JSON.parse(readFileSync('package.json', 'utf8'));
    const version = (name: string) => root.devDependencies[name] as string;
    const pkg = {
      name: 'frameworks-host',
      private: true,
      type: 'module',
      dependencies: { 'room-widgets': `file:${tarball}`, vue: version('vue'), svelte: version('svelte') },
      devDependencies: {
        typescript: version('typescript'),
        '@vue/tsconfig': version('@vue/tsconfig'),
        '@tsconfig/svelte': version('@tsconfig/svelte'),
      },
    };
    await installOffline(host, pkg, await hostRoots(tarball, pkg));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("typechecks the README's Vue snippet with vue-tsc and npm create vue's settings", async () => {
    const result = await check([bin('vue-tsc/bin/vue-tsc.js'), '-p', 'tsconfig.vue.json', '--pretty', 'false'], host);
    assert.ok(result.ok, result.output);
  });

  it('rejects a wrong prop type and a wrong event detail in a Vue template', async () => {
    const result = await check(
      [bin('vue-tsc/bin/vue-tsc.js'), '-p', 'tsconfig.vue-wrong.json', '--pretty', 'false'],
      host,
    );
    assert.equal(result.ok, false, 'vue/wrong.vue must not typecheck');
    const lines = [...result.output.matchAll(/wrong\.vue\((\d+),\d+\): error TS\d+/g)].map((m) => Number(m[1]));
    assert.deepEqual([...new Set(lines)], wrongLines(join(host, 'vue/wrong.vue')), result.output);
  });

  it("checks the README's Svelte snippet with svelte-check and the svelte-ts template's settings", async () => {
    const result = await check(
      [
        bin('svelte-check/bin/svelte-check'),
        '--workspace',
        host,
        '--tsconfig',
        './tsconfig.svelte.json',
        '--output',
        'machine',
        '--fail-on-warnings',
      ],
      host,
    );
    assert.ok(result.ok, result.output);
    assert.match(result.output, /COMPLETED \d+ FILES 0 ERRORS 0 WARNINGS/, result.output);
    assert.doesNotMatch(result.output, /COMPLETED 0 FILES/, 'svelte-check found the snippet');
  });

  it('rejects a wrong attribute type and a wrong event detail in Svelte markup', async () => {
    const result = await check(
      [
        bin('svelte-check/bin/svelte-check'),
        '--workspace',
        host,
        '--tsconfig',
        './tsconfig.svelte-wrong.json',
        '--output',
        'machine',
      ],
      host,
    );
    assert.equal(result.ok, false, 'svelte/wrong.svelte must not pass');
    const lines = [...result.output.matchAll(/ ERROR "svelte\/wrong\.svelte" (\d+):\d+/g)].map((m) => Number(m[1]));
    assert.deepEqual([...new Set(lines)], wrongLines(join(host, 'svelte/wrong.svelte')), result.output);
  });

  it("types the classic script's global: the README's snippet strict, its plain-page scripts as checked JavaScript", async () => {
    const tsc = bin('typescript/bin/tsc');
    const strict = await check([tsc, '-p', 'tsconfig.plain.json', '--pretty', 'false'], host);
    assert.ok(strict.ok, strict.output);
    const js = await check([tsc, '-p', 'tsconfig.plain-js.json', '--pretty', 'false'], host);
    assert.ok(js.ok, js.output);
    // Proof that the global is what typed them: without its types, `RoomWidgets` and `e.detail` are unknown.
    writeFileSync(
      join(host, 'tsconfig.plain-js-bare.json'),
      JSON.stringify({ extends: './tsconfig.plain-js.json', compilerOptions: { types: [], skipLibCheck: true } }),
    );
    const bare = await check([tsc, '-p', 'tsconfig.plain-js-bare.json', '--pretty', 'false'], host);
    assert.match(bare.output, /Property 'detail' does not exist/, bare.output);
  });

  it('passes attw with the esm-only profile', async () => {
    // It exits 1 on a problem the profile does not ignore (CommonJS resolution is ignored: the package is ES only).
    const result = await check(
      [
        bin('@arethetypeswrong/cli/dist/index.js'),
        tarball,
        '--profile',
        'esm-only',
        '--format',
        'table-flipped',
        '--no-color',
      ],
      work,
    );
    assert.ok(result.ok, result.output);
    assert.match(result.output, /"room-widgets\/room-widgets\.js"/, result.output);
    assert.doesNotMatch(result.output, /❌|No types/, result.output);
  });
});
