// The page and server of the latency at 1,000 (`npm run bench` and bench/latency-probe.ts): an in-process room
// server serving the built script and a page with the widget and a bare socket.io client side by side.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { loadConfig } from '../server/config.ts';
import { createRoomServer } from '../server/app.ts';
import { apiClient } from '../test/api-client.js';
import { KEY, SECRET } from './harness.ts';

/**
 * A page script (for `page.addInitScript`) that times every WebSocket frame carrying a `lat:<n>` text as it reaches
 * the page, before socket.io reads it: `window.frameTimes[text][k]` for the page's k-th WebSocket. Splits a latency
 * into API call -> frame (server and network) and frame -> DOM (the page's own work).
 */
export const FRAME_CLOCK = `window.__name = (f) => f;
window.frameTimes = {};
{
  const Native = window.WebSocket;
  let opened = 0;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      const k = opened++;
      // Added before socket.io's own listener, so it runs first for each frame.
      this.addEventListener('message', (e) => {
        const m = typeof e.data === 'string' && /"(lat:\\d+)"/.exec(e.data);
        if (m) (window.frameTimes[m[1]] ??= {})[k] = performance.timeOrigin + performance.now();
      });
    }
  };
}`;

/** The room server (chat limits off, every client from loopback let in) serving dist/ and `/bench.html`. */
export async function startPageServer() {
  const pageDir = mkdtempSync(join(tmpdir(), 'rw-bench-'));
  writeFileSync(
    join(pageDir, 'bench.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script src="/room-widgets.js"></script><script src="/socket.io/socket.io.min.js"></script></head>
<body><room-chat id="chat" style="height:400px"></room-chat><div id="bare"></div></body></html>`,
  );
  writeFileSync(
    join(pageDir, 'bench-bare.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title>
<script src="/socket.io/socket.io.min.js"></script></head><body><div id="bare"></div></body></html>`,
  );
  const config = loadConfig({
    PORT: '0',
    ROOM_API_KEY: KEY,
    ROOM_API_SECRET: SECRET,
    CHAT_RATE_POINTS: '1000000',
    HISTORY_LIMIT: '200',
    // Every bench client comes from 127.0.0.1: JOIN_RATE_PER_IP (200 per 10 s) would refuse all but the first 200.
    JOIN_RATE_PER_IP: '0',
  });
  // BENCH_DIST: another build of the widgets (an earlier commit's dist/, say) to measure against this server.
  config.staticDirs = [resolve(process.env.BENCH_DIST ?? 'dist'), pageDir];
  const app = await createRoomServer(config, { logLevel: 'error' });
  const url = await app.listen();
  const close = async () => {
    await app.close();
    rmSync(pageDir, { recursive: true, force: true });
  };
  return { app, url, api: apiClient(url, KEY, SECRET), close };
}

/**
 * Starts timing `lat:` texts on `page` (whose widget is connected): as each reaches the widget's DOM, and as a bare
 * socket.io client, opened now with `token`, appends it to a `<p>`.
 */
export async function watchLatency(page: Page, url: string, token: string): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { seen: Record<string, number> };
    w.seen = {};
    new MutationObserver((mutations) => {
      for (const m of mutations)
        for (const n of m.addedNodes) {
          const text = (n as Element).querySelector?.('[part=message-text]')?.textContent;
          if (text?.startsWith('lat:') && !(text in w.seen)) w.seen[text] = performance.timeOrigin + performance.now();
        }
    }).observe(document.getElementById('chat')!.shadowRoot!, { childList: true, subtree: true });
  });
  await readBare(page, url, token);
}

/**
 * Opens a bare socket.io client on `page` that appends each message's text to `#bare` (keeping the last 100) and
 * records when its handler was done in `window.bareSeen`; resolves once it is welcomed.
 */
function readBare(page: Page, url: string, token: string): Promise<void> {
  return page.evaluate(
    ([server, tok]) =>
      new Promise<void>((welcomed) => {
        const w = window as unknown as {
          bareSeen: Record<string, number>;
          io: (u: string, o: object) => { on(e: string, f: (m: { text: string }) => void): void };
        };
        w.bareSeen = {};
        const bare = document.getElementById('bare')!;
        const socket = w.io(server!, { auth: { token: tok }, transports: ['websocket'] });
        socket.on('welcome', () => welcomed());
        socket.on('message', (m) => {
          const p = document.createElement('p');
          p.textContent = m.text;
          bare.append(p);
          if (bare.childElementCount > 100) bare.firstElementChild!.remove();
          w.bareSeen[m.text] = performance.timeOrigin + performance.now();
        });
      }),
    [url, token],
  );
}

/** A bare socket.io client reading the same texts, as `watchLatency`'s does, in a browser context of its own. */
export async function bareOwnPage(browser: Browser, url: string, token: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript('window.__name = (f) => f');
  await page.goto(`${url}/bench-bare.html`);
  await readBare(page, url, token);
  return {
    /** API call -> the bare client's handler done, per text of `sent` it received. */
    read: async (sent: Record<string, number>) => {
      const seen = await page.evaluate(() => (window as unknown as { bareSeen: Record<string, number> }).bareSeen);
      return Object.entries(sent).flatMap(([text, t0]) => (seen[text] === undefined ? [] : [seen[text] - t0]));
    },
    close: () => context.close(),
  };
}

export interface LatencySplit {
  /** API call -> text in the widget's DOM, and -> the bare client's handler done. */
  widget: number[];
  bare: number[];
  /** API call -> the widget's frame at the page; frame -> DOM; the bare client's frame -> handler done. */
  widgetFrame: number[];
  widgetDom: number[];
  bareDom: number[];
}

/**
 * Each text's times, from `sent` (text -> API call time, on the page's clock). The widget's socket is the page's first
 * (it connected before the bare client was made), the bare client's the second.
 */
export async function readLatency(page: Page, sent: Record<string, number>): Promise<LatencySplit> {
  const got = await page.evaluate(() => {
    const w = window as unknown as {
      seen: Record<string, number>;
      bareSeen: Record<string, number>;
      frameTimes?: Record<string, Record<string, number>>;
    };
    return { seen: w.seen, bareSeen: w.bareSeen, frames: w.frameTimes ?? {} };
  });
  const split: LatencySplit = { widget: [], bare: [], widgetFrame: [], widgetDom: [], bareDom: [] };
  for (const [text, t0] of Object.entries(sent)) {
    const seen = got.seen[text];
    const bareSeen = got.bareSeen[text];
    if (seen !== undefined) split.widget.push(seen - t0);
    if (bareSeen !== undefined) split.bare.push(bareSeen - t0);
    const f = got.frames[text];
    if (f?.[0] === undefined || f[1] === undefined || seen === undefined || bareSeen === undefined) continue;
    split.widgetFrame.push(f[0] - t0);
    split.widgetDom.push(seen - f[0]);
    split.bareDom.push(bareSeen - f[1]);
  }
  return split;
}
