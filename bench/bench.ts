// `npm run bench`: each measure side by side with its baseline in one run (ratios, not absolute timings, are what
// carries across machines). Prints a table and writes bench/results.json. Loopback only, bounded, and every
// process it starts is stopped. See BENCHMARKS.md.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { SignJWT } from 'jose';
import { loadConfig } from '../server/config.ts';
import { createRoomServer } from '../server/app.ts';
import { channel, audience } from '../server/core/targets.ts';
import { apiClient } from '../test/api-client.js';
import { gzipBytes } from '../scripts/check-size.mjs';

const KEY = 'bench-key';
const SECRET = 'bench-secret-0123456789';
const OTHER_CLIENTS = 1000;
const LATENCY_MESSAGES = 500;
const FANOUT_MESSAGES = 60;
const FLOOD = 10_000;
const FLOOD_LONG = 100_000;

interface Result {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  ratio: number;
  note?: string;
}
const results: Result[] = [];
const record = (name: string, value: number, unit: string, baseline: number, note?: string) => {
  const r: Result = { name, value: Number(value.toFixed(2)), unit, baseline: Number(baseline.toFixed(2)), ratio: Number((value / baseline).toFixed(3)), ...(note ? { note } : {}) };
  results.push(r);
  console.log(`${name.padEnd(44)} ${String(r.value).padStart(12)} ${unit.padEnd(12)} baseline ${String(r.baseline).padStart(12)}  ratio ${r.ratio}`);
};
const pct = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const median = (values: number[]) => pct(values, 50);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const secret = new TextEncoder().encode(SECRET);
const token = (room: string, user: string) => new SignJWT({ room_id: room, name: user }).setProtectedHeader({ alg: 'HS256' }).setIssuer(KEY).setSubject(user).setIssuedAt().setExpirationTime('2h').sign(secret);

const pageDir = mkdtempSync(join(tmpdir(), 'rw-bench-'));
writeFileSync(
  join(pageDir, 'bench.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<script src="/room-widgets.js"></script><script src="/socket.io/socket.io.min.js"></script></head>
<body><room-chat id="chat" style="height:400px"></room-chat><div id="bare"></div></body></html>`,
);

const config = loadConfig({ PORT: '0', ROOM_API_KEY: KEY, ROOM_API_SECRET: SECRET, CHAT_RATE_POINTS: '1000000', HISTORY_LIMIT: '200' });
config.staticDirs = [resolve('dist'), pageDir];
const app = await createRoomServer(config, { logLevel: 'error' });
const url = await app.listen();
const api = apiClient(url, KEY, SECRET);
const workers: ChildProcess[] = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--enable-precise-memory-info'],
});

function ask<T>(child: ChildProcess, msg: object, reply: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: { type: string }) => {
      if (m.type === reply) {
        child.off('message', on);
        resolve(m as T);
      }
    };
    child.on('message', on);
    child.send(msg);
  });
}

async function openPage(room: string, user: string): Promise<Page> {
  const page = await browser.newPage();
  // tsx compiles the functions passed to page.evaluate with esbuild's keepNames helper; give the page that helper.
  await page.addInitScript('window.__name = (f) => f');
  await page.goto(`${url}/bench.html`);
  await page.evaluate(
    ([server, tok]) => {
      const w = window as unknown as { seen: Record<string, number>; longest: number };
      w.seen = {};
      w.longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
      }).observe({ type: 'longtask', buffered: false });
      const chat = document.getElementById('chat') as HTMLElement & { server: string; token: string };
      chat.server = server!;
      chat.token = tok!;
    },
    [url, await token(room, user)],
  );
  await page.waitForFunction(() => document.getElementById('chat')!.shadowRoot?.querySelector('[part=status]')?.textContent === 'Connected');
  return page;
}

try {
  // --- 1,000 other clients in the room, from two other processes --------------------------------------------------
  const room = 'bench';
  await api.createRoom(room);
  const tokens = await Promise.all(Array.from({ length: OTHER_CLIENTS }, (_, i) => token(room, `other-${i}`)));
  for (let w = 0; w < 2; w++) {
    const child = fork(new URL('./count-worker.ts', import.meta.url), { execArgv: ['--import', 'tsx'] });
    workers.push(child);
  }
  const readies = await Promise.all(workers.map((child, w) => ask<{ connected: number }>(child, { type: 'connect', url, tokens: tokens.filter((_, i) => i % 2 === w) }, 'ready')));
  const others = readies.reduce((a, r) => a + r.connected, 0);
  console.log(`${others} other clients connected\n`);

  // --- End-to-end latency: API call to text in the widget's DOM, against a bare socket.io client in the same page --
  {
    const page = await openPage(room, 'widget-reader');
    await page.evaluate(
      ([server, tok]) => {
        const w = window as unknown as { seen: Record<string, number>; bareSeen: Record<string, number>; io: (u: string, o: object) => { on(e: string, f: (m: { text: string }) => void): void } };
        const t = () => performance.timeOrigin + performance.now();
        w.bareSeen = {};
        const chat = document.getElementById('chat')!;
        new MutationObserver((mutations) => {
          for (const m of mutations)
            for (const n of m.addedNodes) {
              const text = (n as Element).querySelector?.('[part=message-text]')?.textContent;
              if (text?.startsWith('lat:') && !(text in w.seen)) w.seen[text] = t();
            }
        }).observe(chat.shadowRoot!, { childList: true, subtree: true });
        const bare = document.getElementById('bare')!;
        const socket = w.io(server!, { auth: { token: tok }, transports: ['websocket'] });
        socket.on('message', (m) => {
          const p = document.createElement('p');
          p.textContent = m.text;
          bare.append(p);
          if (bare.childElementCount > 100) bare.firstElementChild!.remove();
          w.bareSeen[m.text] = t();
        });
      },
      [url, await token(room, 'bare-reader')],
    );
    await sleep(500);
    const sent: Record<string, number> = {};
    for (let i = 0; i < LATENCY_MESSAGES; i++) {
      const text = `lat:${i}`;
      sent[text] = now();
      await api.pn('/room/broadcastToRoom', { room_id: room, chat_msg: { message: text } });
      // 20 messages/s: 20,000 deliveries/s to the other clients, which share these 2 cores with the server and page.
      await sleep(50);
    }
    await sleep(1000);
    const { seen, bareSeen } = await page.evaluate(() => window as unknown as { seen: Record<string, number>; bareSeen: Record<string, number> }).then(() =>
      page.evaluate(() => ({ seen: (window as unknown as { seen: Record<string, number> }).seen, bareSeen: (window as unknown as { bareSeen: Record<string, number> }).bareSeen })),
    );
    const widget = Object.keys(sent).filter((t) => t in seen).map((t) => seen[t]! - sent[t]!);
    const bare = Object.keys(sent).filter((t) => t in bareSeen).map((t) => bareSeen[t]! - sent[t]!);
    console.log(`latency samples: widget ${widget.length}/${LATENCY_MESSAGES}, bare ${bare.length}/${LATENCY_MESSAGES}`);
    record('latency p50: API call to widget DOM', pct(widget, 50), 'ms', pct(bare, 50), 'baseline: bare socket.io client + DOM in the same page; target ratio <= 1.2');
    record('latency p99: API call to widget DOM', pct(widget, 99), 'ms', pct(bare, 99), 'target ratio <= 1.5');
    await page.close();
  }

  // --- Server fan-out: the API path against a raw io.to(room).emit of the same payload ---------------------------
  {
    const rates = { api: [] as number[], raw: [] as number[], rawPerTask: [] as number[] };
    const total = others * FANOUT_MESSAGES;
    for (let round = 0; round < 3; round++) {
      for (const path of ['api', 'raw', 'rawPerTask'] as const) {
        await Promise.all(workers.map((w) => ask(w, { type: 'expect', expect: FANOUT_MESSAGES }, 'armed')));
        const done = Promise.all(workers.map((w) => new Promise<void>((r) => w.once('message', () => r()))));
        const t0 = now();
        if (path === 'api') {
          // All calls in flight at once, as a busy backend would send them: the server, not the driver, sets the pace.
          await Promise.all(Array.from({ length: FANOUT_MESSAGES }, (_, i) => api.pn('/room/broadcastToRoom', { room_id: room, chat_msg: { message: `fan:${round}:${i}` } })));
        } else {
          for (let i = 0; i < FANOUT_MESSAGES; i++) {
            app.io.to(channel.room(room)).emit('message', { id: crypto.randomUUID(), room_id: room, seq: null, ts: Date.now(), kind: 'chat', from: null, private: false, text: `raw:${round}:${i}` });
            // One emit per event-loop turn, as a server emitting on each incoming request does.
            if (path === 'rawPerTask') await new Promise((r) => setImmediate(r));
          }
        }
        await done;
        rates[path].push(total / ((now() - t0) / 1000));
      }
    }
    record('fan-out: deliveries/s to 1,000 clients (API)', median(rates.api), 'deliveries/s', median(rates.raw), 'baseline: raw io.to(room).emit in one loop; target ratio >= 0.8');
    record('fan-out: API vs raw emit, one per loop turn', median(rates.api), 'deliveries/s', median(rates.rawPerTask), 'baseline: raw io.to(room).emit, one emit per event-loop turn');
  }

  // --- Chat flood: 10,000 messages within 2 s, then 100,000 ------------------------------------------------------
  {
    const floodRoom = 'flood';
    await api.createRoom(floodRoom);
    const page = await openPage(floodRoom, 'flood-reader');
    const publish = (text: string) => app.service.publish({ room_id: floodRoom, kind: 'chat', from: null, private: false, text }, audience.everyone(), { persist: true });
    const t0 = now();
    for (let i = 0; i < FLOOD; i += 500) {
      for (let j = i; j < i + 500; j++) void publish(`flood:${j}`);
      await sleep(95);
    }
    await page.waitForFunction((last) => [...document.getElementById('chat')!.shadowRoot!.querySelectorAll('[part~=message-text]')].some((p) => p.textContent === last), `flood:${FLOOD - 1}`, { timeout: 120_000, polling: 50 });
    const tLast = now() - t0;
    const measure = () =>
      page.evaluate(() => {
        const w = window as unknown as { longest: number };
        const log = document.getElementById('chat')!.shadowRoot!.querySelector('[part=log]')!;
        return { longest: w.longest, nodes: log.querySelectorAll('*').length, heap: (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize };
      });
    const after10k = await measure();
    record('flood 10k: time until the last is in the DOM', tLast, 'ms', 2000, 'baseline: the 2 s the messages were sent over');
    record('flood 10k: longest main-thread task', after10k.longest, 'ms', 50, 'target <= 50 ms');
    record('flood 10k: DOM nodes in the list', after10k.nodes, 'nodes', 300, 'target < 300');
    record('flood 10k: JS heap', after10k.heap / 2 ** 20, 'MiB', 10, 'baseline: a 10 MiB allowance');
    for (let i = FLOOD; i < FLOOD_LONG; i += 1000) {
      for (let j = i; j < i + 1000; j++) void publish(`flood:${j}`);
      await sleep(100);
    }
    await page.waitForFunction((last) => [...document.getElementById('chat')!.shadowRoot!.querySelectorAll('[part~=message-text]')].some((p) => p.textContent === last), `flood:${FLOOD_LONG - 1}`, { timeout: 300_000, polling: 100 });
    await page.evaluate(() => (window as unknown as { gc?: () => void }).gc?.());
    const after100k = await measure();
    record('flood 100k: DOM nodes in the list', after100k.nodes, 'nodes', 300, 'target < 300');
    record('flood 100k: JS heap', after100k.heap / 2 ** 20, 'MiB', after10k.heap / 2 ** 20, 'baseline: the heap after 10k (bounded by max-messages)');
    await page.close();
  }

  // --- Bundle --------------------------------------------------------------------------------------------------
  record('bundle: dist/room-widgets.js', gzipBytes('dist/room-widgets.js'), 'B gzip', 25 * 1024, 'target 25 KB with howler on demand');
  record('bundle: dist/room-widgets-howler.js (on demand)', gzipBytes('dist/room-widgets-howler.js'), 'B gzip', 8082, 'baseline: howler core');

  writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);
  console.log('\nwrote bench/results.json');
} finally {
  for (const w of workers) if (w.exitCode === null) w.send({ type: 'close' });
  await sleep(200);
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await browser.close();
  await app.close();
  rmSync(pageDir, { recursive: true, force: true });
}
