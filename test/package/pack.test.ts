import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { apiClient } from '../api-client.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { hostRoots, installOffline, installed } from './offline-host.ts';
import { launchChromium } from '../chromium.js';

/**
 * The package as a host app gets it: `npm pack` (run `npm run build` first), installed with `npm install --offline`
 * into a fresh React 19 + TypeScript app (test/package/host), typechecked with `skipLibCheck: false`, bundled with
 * vite and rendered in chromium against the real room server.
 */
const REPO = resolve('.');
const TSC = resolve('node_modules/typescript/bin/tsc');
const run = promisify(execFile);

/** What a browser app may receive with room-widgets: lit, socket.io-client, howler, @lit/react and their own. */
const BROWSER_PACKAGES = new Set([
  'room-widgets',
  'lit',
  'lit-element',
  'lit-html',
  '@lit/reactive-element',
  '@lit-labs/ssr-dom-shim',
  '@types/trusted-types',
  '@lit/react',
  'socket.io-client',
  'engine.io-client',
  'engine.io-parser',
  'socket.io-parser',
  '@socket.io/component-emitter',
  'debug',
  'ms',
  'ws',
  'xmlhttprequest-ssl',
  'howler',
]);
/** The host's own, as a React 19 + TypeScript (and Preact) app declares them. */
const HOST_PACKAGES = new Set([
  'react',
  'react-dom',
  'scheduler',
  '@types/react',
  'csstype',
  '@types/react-dom',
  'preact',
]);
/** The server stack the issue found in hosts' node_modules. */
const SERVER_PACKAGES = [
  'fastify',
  'redis',
  '@redis/client',
  'socket.io',
  'engine.io',
  'tsx',
  'esbuild',
  'pino',
  'jose',
  'valibot',
  'rate-limiter-flexible',
  '@fastify/static',
  '@socket.io/redis-streams-adapter',
  'room-widgets-server',
];

async function typecheck(host: string, config: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [TSC, '-p', config, '--pretty', 'false'], { cwd: host });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** The `WRONG` lines of a fixture, as 1-based line numbers. */
function wrongLines(file: string): number[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line, i) => (/\/\/ WRONG/.test(line) ? [i + 1] : []));
}

describe('the packed package in a fresh React 19 + TypeScript host', () => {
  let work: string;
  let host: string;
  let tarball: string;
  let packed: string[];
  let installOutput: string;
  let readmeExamples = 0;

  before(async () => {
    assert.ok(existsSync('dist/react.mjs'), 'run `npm run build` before this test');
    work = mkdtempSync(join(tmpdir(), 'room-widgets-pack-'));
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO });
    const [info] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(work, info!.filename);
    packed = info!.files.map((f) => f.path);

    host = join(work, 'host');
    cpSync('test/package/host', host, { recursive: true });
    const root = JSON.parse(readFileSync('package.json', 'utf8'));
    const version = (name: string) => root.devDependencies[name] as string;
    const pkg = {
      name: 'react-host',
      private: true,
      type: 'module',
      dependencies: { 'room-widgets': `file:${tarball}`, react: version('react'), 'react-dom': version('react-dom') },
      devDependencies: {
        '@types/react': version('@types/react'),
        '@types/react-dom': version('@types/react-dom'),
        preact: version('preact'),
      },
    };
    // The README's React examples, typechecked as they are written.
    const readme = readFileSync('README.md', 'utf8');
    const react = readme.slice(readme.indexOf('\n## React\n'), readme.indexOf('\n## Vue and Svelte\n'));
    const examples = [...react.matchAll(/```tsx\n([\s\S]*?)```/g)].map((m) => m[1]!);
    examples.forEach((code, i) => writeFileSync(join(host, `src/readme-${i + 1}.tsx`), code));
    writeFileSync(
      join(host, 'tsconfig.readme.json'),
      JSON.stringify({ extends: './tsconfig.json', files: examples.map((_c, i) => `src/readme-${i + 1}.tsx`) }),
    );
    readmeExamples = examples.length;
    // The lockfile is cut from what room-widgets itself declares in the tarball, so the tree is the package's own.
    installOutput = await installOffline(host, pkg, await hostRoots(tarball, pkg));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the ES entries, their types and the manifest; never the server, the sources or the tests', () => {
    for (const file of [
      'dist/room-widgets.mjs',
      'dist/define.mjs',
      'dist/react.mjs',
      'dist/room-widgets.js',
      'dist/custom-elements.json',
      'dist/types/index.d.ts',
      'dist/types/define.d.ts',
      'dist/types/react/index.d.ts',
      'dist/types/jsx/react.d.ts',
      'dist/types/jsx/preact.d.ts',
      'dist/types/jsx/vue.d.ts',
      'dist/types/jsx/svelte.d.ts',
      'dist/types/global.d.ts',
    ]) {
      assert.ok(packed.includes(file), `the tarball has ${file}`);
    }
    assert.deepEqual(
      packed.filter((f) => /^(server|src|test|scripts|bench|demo)\//.test(f)),
      [],
    );
  });

  it('installs only browser packages, with no install-script or engine warning', () => {
    const names = installed(host);
    assert.ok(
      names.includes('room-widgets') &&
        names.includes('lit') &&
        names.includes('socket.io-client') &&
        names.includes('howler'),
    );
    assert.deepEqual(
      SERVER_PACKAGES.filter((n) => names.includes(n)),
      [],
      'no server package came along',
    );
    assert.deepEqual(
      [...new Set(names.filter((n) => !BROWSER_PACKAGES.has(n) && !HOST_PACKAGES.has(n)))],
      [],
      'every package is a browser one',
    );
    assert.ok(names.length <= BROWSER_PACKAGES.size + HOST_PACKAGES.size + 3, `${names.length} packages installed`);
    assert.doesNotMatch(installOutput, /install-scripts|EBADENGINE/i, installOutput);
  });

  it('ships a manifest that names shipped files and types every event with its detail', () => {
    const pkgDir = join(host, 'node_modules/room-widgets');
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'dist/custom-elements.json'), 'utf8'));
    const modules = new Set<string>();
    for (const mod of manifest.modules) {
      modules.add(mod.path);
      for (const exp of mod.exports ?? []) modules.add(exp.declaration.module);
      for (const decl of mod.declarations ?? []) {
        for (const event of decl.events ?? []) {
          assert.match(event.type?.text ?? '', /^CustomEvent<Room\w+Detail>$/, `${decl.tagName} ${event.name}`);
          for (const ref of event.type.references ?? []) modules.add(ref.module);
          assert.ok(event.type.references?.length, `${event.name} references its detail type`);
        }
      }
    }
    for (const path of modules) assert.ok(existsSync(join(pkgDir, path)), `${path} is in the package`);
    const defined = manifest.modules.flatMap((m: { exports?: Array<{ kind: string; name: string }> }) =>
      (m.exports ?? []).filter((e) => e.kind === 'custom-element-definition').map((e) => e.name),
    );
    assert.deepEqual(defined.sort(), ['room-chat', 'room-notifications']);
    const chat = manifest.modules[0].declarations.find((d: { tagName?: string }) => d.tagName === 'room-chat');
    const message = chat.events.find((e: { name: string }) => e.name === 'room-chat-message');
    const detailFile = readFileSync(join(pkgDir, message.type.references[0].module), 'utf8');
    assert.match(detailFile, new RegExp(`interface ${message.type.references[0].name}\\b`));
  });

  it('typechecks TSX with the plain tags and with the wrapper, skipLibCheck off, without @types/howler', async () => {
    assert.ok(!installed(host).includes('@types/howler'));
    const react = await typecheck(host, 'tsconfig.json');
    assert.ok(react.ok, react.output);
    const preact = await typecheck(host, 'tsconfig.preact.json');
    assert.ok(preact.ok, preact.output);
  });

  it("typechecks the README's React examples", async () => {
    assert.ok(readmeExamples >= 2, 'the README has its TSX examples');
    const result = await typecheck(host, 'tsconfig.readme.json');
    assert.ok(result.ok, result.output);
  });

  it('rejects a wrong prop type on a tag, on the wrapper, and in a typed event handler', async () => {
    for (const [config, file] of [
      ['tsconfig.wrong.json', 'src/wrong.tsx'],
      ['tsconfig.preact-wrong.json', 'src/preact-wrong.tsx'],
    ] as const) {
      const result = await typecheck(host, config);
      assert.equal(result.ok, false, `${file} must not typecheck`);
      const errorLines = [...result.output.matchAll(/\((\d+),\d+\): error TS\d+/g)].map((m) => Number(m[1]));
      assert.deepEqual([...new Set(errorLines)], wrongLines(join(host, file)), result.output);
    }
  });

  describe('in chromium', () => {
    let server: Awaited<ReturnType<typeof startRoomServer>>;
    let web: Server;
    let browser: Browser;

    before(async () => {
      const input = { main: join(host, 'index.html'), plain: join(host, 'plain.html') };
      await build({
        configFile: false,
        root: host,
        logLevel: 'warn',
        build: { outDir: 'dist', emptyOutDir: true, rollupOptions: { input } },
      });
      const dist = join(host, 'dist');
      const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
      web = createServer((req, res) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const file = join(dist, path === '/' ? 'index.html' : path);
        if (!file.startsWith(dist) || !existsSync(file)) return void res.writeHead(404).end();
        res
          .writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
          .end(readFileSync(file));
      });
      await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
      server = await startRoomServer();
      browser = await launchChromium(['--headless=new']);
    });

    after(async () => {
      await browser?.close();
      web?.close();
      await server?.stop();
    });

    async function open(path: string, room: string) {
      const api = apiClient(server.url, TEST_KEY, TEST_SECRET);
      assert.equal((await api.createRoom(room)).status, 200);
      const token = await api.joinToken(room, 'rita', { name: 'Rita' });
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(
        `http://127.0.0.1:${(web.address() as AddressInfo).port}${path}?${new URLSearchParams({ server: server.url, token })}`,
      );
      return { api, page, errors };
    }

    it('renders the wrapper and the plain tags, with properties set and event props called', async () => {
      const { api, page, errors } = await open('/', 'react-host');

      const chat = page.locator('room-chat');
      await chat.getByText('Connected').waitFor();
      assert.equal(await page.getAttribute('body', 'data-chat-state'), 'connected', 'onRoomConnectionChange ran');
      assert.equal(
        await chat.evaluate((el) => (el as unknown as { maxMessages: number }).maxMessages),
        50,
        'maxMessages set as a property',
      );
      assert.equal(
        await page.locator('room-notifications').evaluate((el) => (el as unknown as { maxVisible: number }).maxVisible),
        3,
      );

      await api.pn('/room/broadcastToRoom', { room_id: 'react-host', chat_msg: { message: 'hello from the backend' } });
      await chat.getByRole('log').getByText('hello from the backend').waitFor();
      await api.pn('/room/broadcastToRoom', { room_id: 'react-host', notification_msg: { text: 'heads up', type: 1 } });
      await page.locator('room-notifications').getByText('heads up', { exact: true }).waitFor();

      const seen = await page.evaluate(
        () => (window as unknown as { seen: { chat: Array<{ text: string }>; notifications: string[] } }).seen,
      );
      assert.ok(
        seen.chat.some((m) => m.text === 'hello from the backend'),
        'onRoomChatMessage got the message',
      );
      assert.deepEqual(seen.notifications, ['warning: heads up'], 'onroom-notification on the plain tag got the toast');
      assert.deepEqual(errors, []);
      await page.close();
    });

    it('defines the tags when a page imports only room-widgets/define (the bundler keeps the definitions)', async () => {
      const { api, page, errors } = await open('/plain.html', 'plain-host');
      const toasts = page.locator('room-notifications');
      await page.waitForFunction(
        () =>
          customElements.get('room-notifications') !== undefined &&
          document.querySelector('room-notifications')?.shadowRoot,
      );
      await page.waitForFunction(() => customElements.get('room-chat') !== undefined);
      assert.equal(await toasts.evaluate((el) => (el as unknown as { maxVisible: number }).maxVisible), 3);
      await page.locator('body[data-notifications-state="connected"]').waitFor({ state: 'attached' });
      await api.pn('/room/broadcastToRoom', { room_id: 'plain-host', notification_msg: { text: 'ready', type: 0 } });
      await toasts.getByText('ready', { exact: true }).waitFor();
      assert.ok(
        (
          await page.evaluate(() => (window as unknown as { seen: { notifications: string[] } }).seen.notifications)
        ).includes('info: ready'),
      );
      assert.deepEqual(errors, []);
      await page.close();
    });
  });
});
