// How long a page takes from navigation to the room on screen (the welcome message in the chat), cold cache, through
// a proxy that adds a fixed delay each way (HTTP and the WebSocket alike): today's classic script, which loads each
// element from its own file, against the same sources built as one file that defines both elements as it runs.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect as tcpConnect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import type { Plugin } from 'vite';
import { buildScriptVariant } from '../scripts/script-variant.mjs';
import { loadConfig } from '../server/config.ts';
import { createRoomServer } from '../server/app.ts';
import { apiClient } from '../test/api-client.js';
import { launchChromium } from '../test/chromium.js';
import { KEY, SECRET } from './harness.ts';

export interface FirstRender {
  /** Milliseconds from navigation start to the welcome message on screen, one per run, by variant and page. */
  split: { both: number[]; chat: number[] };
  whole: { both: number[]; chat: number[] };
  /** Milliseconds from navigation start to the chat's frame (its composer) on screen, before it has connected. */
  framed: { split: { both: number[]; chat: number[] }; whole: { both: number[]; chat: number[] } };
  delayMs: number;
  /** The one-file script's size, B gzip -9. */
  wholeBytes: number;
}

/** The classic script built once more, with both elements inside it (bench/first-render/eager.ts). */
async function buildWhole(into: string): Promise<number> {
  const eager: Plugin = {
    name: 'eager-elements',
    enforce: 'pre',
    resolveId: (source, importer) =>
      importer?.endsWith('/src/script.ts') && source === './classic/autoload.ts'
        ? resolve('bench/first-render/eager.ts')
        : null,
  };
  const script = await buildScriptVariant(eager);
  writeFileSync(join(into, 'room-widgets.js'), script);
  return gzipSync(script, { level: 9 }).length;
}

/** `FIRST_RENDER_KBPS=400`: the link's bandwidth in kbit/s as well (unset: loopback's). */
const THROTTLE_KBPS = Number(process.env.FIRST_RENDER_KBPS ?? 0);
/** `FIRST_RENDER_PRELOAD=1`: the pages preload socket.io's file beside the script tag, as the README suggests. */
const PRELOAD = process.env.FIRST_RENDER_PRELOAD === '1';

/** A loopback TCP proxy that holds every chunk `delayMs` before passing it on, in both directions. */
function delayingProxy(port: number, delayMs: number): Promise<{ server: Server; port: number }> {
  const server = createServer((client) => {
    const upstream = tcpConnect(port, '127.0.0.1');
    const relay = (from: typeof client, to: typeof client) => {
      from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs));
      from.on('end', () => setTimeout(() => to.end(), delayMs));
      from.on('error', () => to.destroy());
    };
    relay(client, upstream);
    relay(upstream, client);
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () => r({ server, port: (server.address() as { port: number }).port })),
  );
}

const PAGE = (
  token: string,
  both: boolean,
) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>first render</title>
<script>
  window.shown = 0;
  window.framed = 0;
  const look = () => {
    const root = document.querySelector('room-chat')?.shadowRoot;
    if (!window.framed && root?.querySelector('[part=composer]')) window.framed = performance.now();
    if ((root?.textContent ?? '').includes('Welcome to the first render')) window.shown = performance.now();
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
</script>
${PRELOAD ? '<link rel="preload" as="script" href="/room-widgets-socket.js">\n' : ''}<script src="/room-widgets.js"></script></head><body>
<room-chat token="${token}" style="height:400px"></room-chat>${both ? `\n<room-notifications token="${token}"></room-notifications>` : ''}
</body></html>`;

export async function firstRender(browser: Browser, rounds: number, delayMs: number): Promise<FirstRender> {
  const wholeDir = mkdtempSync(join(tmpdir(), 'rw-first-render-'));
  const pageDir = mkdtempSync(join(tmpdir(), 'rw-first-render-pages-'));
  cpSync('dist', wholeDir, { recursive: true });
  const wholeBytes = await buildWhole(wholeDir);
  const variants = { split: resolve('dist'), whole: wholeDir };
  const servers: Array<{ close(): Promise<unknown> }> = [];
  const proxies: Server[] = [];
  const result: FirstRender = {
    split: { both: [], chat: [] },
    whole: { both: [], chat: [] },
    framed: { split: { both: [], chat: [] }, whole: { both: [], chat: [] } },
    delayMs,
    wholeBytes,
  };
  try {
    const origins: Record<string, { origin: string; api: ReturnType<typeof apiClient> }> = {};
    for (const [name, dir] of Object.entries(variants)) {
      const config = loadConfig({ PORT: '0', ROOM_API_KEY: KEY, ROOM_API_SECRET: SECRET });
      config.staticDirs = [dir, pageDir];
      const app = await createRoomServer(config, { logLevel: 'error' });
      servers.push(app);
      const direct = await app.listen();
      const proxy = await delayingProxy(Number(new URL(direct).port), delayMs);
      proxies.push(proxy.server);
      const api = apiClient(direct, KEY, SECRET);
      await api.createRoom('first-render', {}, { welcome_message: 'Welcome to the first render' });
      origins[name] = { origin: `http://127.0.0.1:${proxy.port}`, api };
    }
    for (let i = 0; i < rounds; i++) {
      // Alternated, so a slow moment of the machine falls on both variants alike.
      for (const variant of ['whole', 'split'] as const)
        for (const page of ['both', 'chat'] as const) {
          const { origin, api } = origins[variant]!;
          const file = `${variant}-${page}-${i}.html`;
          writeFileSync(
            join(pageDir, file),
            PAGE(await api.joinToken('first-render', `${variant}-${page}-${i}`), page === 'both'),
          );
          const context = await browser.newContext(); // a cold cache each run
          const tab = await context.newPage();
          if (THROTTLE_KBPS > 0) {
            // A slow link's bandwidth on top of the proxy's delay (Chromium's own throttling, HTTP only).
            const cdp = await context.newCDPSession(tab);
            await cdp.send('Network.enable');
            await cdp.send('Network.emulateNetworkConditions', {
              offline: false,
              latency: 0,
              downloadThroughput: (THROTTLE_KBPS * 1000) / 8,
              uploadThroughput: (THROTTLE_KBPS * 1000) / 8,
            });
          }
          await tab.goto(`${origin}/${file}`);
          await tab.waitForFunction(() => (window as unknown as { shown: number }).shown > 0, undefined, {
            timeout: 30_000,
          });
          const times = await tab.evaluate(() => {
            const w = window as unknown as { shown: number; framed: number };
            return { shown: w.shown, framed: w.framed };
          });
          result[variant][page].push(times.shown);
          result.framed[variant][page].push(times.framed);
          await context.close();
        }
    }
    return result;
  } finally {
    for (const p of proxies) p.close();
    for (const s of servers) await s.close();
    rmSync(wholeDir, { recursive: true, force: true });
    rmSync(pageDir, { recursive: true, force: true });
  }
}

// `node --import tsx bench/first-render.ts [rounds] [delay ms]` after `npm run build`: this block alone, printed.
if (import.meta.url === `file://${process.argv[1]}`) {
  const browser = await launchChromium();
  try {
    const r = await firstRender(browser, Number(process.argv[2] ?? 5), Number(process.argv[3] ?? 50));
    const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!.toFixed(0);
    for (const page of ['both', 'chat'] as const)
      console.log(
        `${page}: element files ${med(r.split[page])} ms (${r.split[page].map((v) => v.toFixed(0)).join(', ')}), one file ${med(r.whole[page])} ms (${r.whole[page].map((v) => v.toFixed(0)).join(', ')}); the chat's frame ${med(r.framed.split[page])} and ${med(r.framed.whole[page])} ms`,
      );
    console.log(`one file: ${r.wholeBytes} B gzip`);
  } finally {
    await browser.close();
  }
}
