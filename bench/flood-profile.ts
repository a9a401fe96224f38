// `node --import tsx bench/flood-profile.ts` (after `npm run build`): where the page's main thread spends the
// 10,000-message flood of `npm run bench`, from a CPU profile of the built script mapped back through its sourcemap.
// Prints self time by source module and the heaviest functions, with the long tasks (> 50 ms) of each run.
// Loopback only, bounded; the server is in process and the browser is closed at the end.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import { loadConfig } from '../server/config.ts';
import { createRoomServer } from '../server/app.ts';
import { audience } from '../server/core/targets.ts';
import { apiClient } from '../test/api-client.js';
import { launchChromium } from '../test/chromium.js';
import { placeOf, type Profile } from './profile-map.ts';

const KEY = 'profile-key';
const SECRET = 'profile-secret-0123456789';
const RUNS = 3;
const FLOOD = 10_000;

const pageDir = mkdtempSync(join(tmpdir(), 'rw-profile-'));
writeFileSync(
  join(pageDir, 'profile.html'),
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>profile</title>
<script src="/room-widgets.js"></script></head><body><room-chat id="chat" style="height:400px"></room-chat></body></html>`,
);
const config = loadConfig({ PORT: '0', ROOM_API_KEY: KEY, ROOM_API_SECRET: SECRET, HISTORY_LIMIT: '200' });
config.staticDirs = [resolve('dist'), pageDir];
const app = await createRoomServer(config, { logLevel: 'error' });
const url = await app.listen();
const browser = await launchChromium();
const secret = new TextEncoder().encode(SECRET);
const api = apiClient(url, KEY, SECRET);
const selfByGroup = new Map<string, number>();
const selfByFunction = new Map<string, number>();
let totalMs = 0;

try {
  for (let run = 0; run < RUNS; run++) {
    const room = `profile-${run}`;
    await api.createRoom(room);
    const page = await browser.newPage();
    await page.addInitScript('window.__name = (f) => f');
    await page.goto(`${url}/profile.html`);
    const tok = await new SignJWT({ room_id: room, name: 'reader' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(KEY)
      .setSubject('reader')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(secret);
    await page.evaluate((t) => {
      const w = window as unknown as { long: number[] };
      w.long = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.long.push(Math.round(e.duration)))).observe({
        type: 'longtask',
      });
      Object.assign(document.getElementById('chat')!, { token: t });
    }, tok);
    await page.waitForFunction(
      () => document.getElementById('chat')!.shadowRoot?.querySelector('[part=status]')?.textContent === 'Connected',
    );
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    for (let i = 0; i < FLOOD; i += 500) {
      for (let j = i; j < i + 500; j++)
        void app.service.publish(
          { room_id: room, kind: 'chat', from: null, private: false, text: `flood:${j}` },
          audience.everyone(),
          { persist: true },
        );
      await new Promise((r) => setTimeout(r, 95));
    }
    await page.waitForFunction(
      (last) =>
        [...document.getElementById('chat')!.shadowRoot!.querySelectorAll('[part~=message-text]')].some(
          (p) => p.textContent === last,
        ),
      `flood:${FLOOD - 1}`,
      { timeout: 120_000 },
    );
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
    const long = await page.evaluate(() => (window as unknown as { long: number[] }).long);
    console.log(`run ${run + 1}: long tasks ${long.length ? long.join(', ') + ' ms' : 'none'}`);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    // The longest stretches without an idle sample (about a task each, or tasks back to back), and what filled them.
    const stretches: Array<{ ms: number; fns: Map<string, number> }> = [];
    let current: { ms: number; fns: Map<string, number> } | null = null;
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const { group, fn } = placeOf(byId.get(id)!.callFrame);
      if (group === '(idle)') return void (current = null);
      if (!current) stretches.push((current = { ms: 0, fns: new Map() }));
      current.ms += ms;
      current.fns.set(fn, (current.fns.get(fn) ?? 0) + ms);
    });
    // A sample that stands for tens of milliseconds is time the thread was not running (the 2 cores were busy
    // elsewhere): the profiler samples every 0.5 ms while it runs.
    const gaps = profile.timeDeltas.map((d) => d / 1000).filter((ms) => ms > 20);
    console.log(
      `  samples over 20 ms apart: ${gaps.length}${gaps.length ? ` (longest ${Math.max(...gaps).toFixed(0)} ms)` : ''}; load average ${loadavg()[0]!.toFixed(1)}`,
    );
    for (const { ms, fns } of stretches.sort((a, b) => b.ms - a.ms).slice(0, 3))
      console.log(
        `  busy ${ms.toFixed(0)} ms: ${[...fns]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 6)
          .map(([f, t]) => `${f.slice(0, 60)} ${t.toFixed(0)}`)
          .join('; ')}`,
      );
    profile.samples.forEach((id, i) => {
      const ms = (profile.timeDeltas[i] ?? 0) / 1000;
      const { group, fn } = placeOf(byId.get(id)!.callFrame);
      if (group === '(idle)') return;
      totalMs += ms;
      selfByGroup.set(group, (selfByGroup.get(group) ?? 0) + ms);
      selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + ms);
    });
    await page.close();
  }
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(`\nmain-thread busy time over ${RUNS} floods: ${totalMs.toFixed(0)} ms\nself time by source:`);
  for (const [g, ms] of top(selfByGroup, 14))
    console.log(`  ${g.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms  ${((ms / totalMs) * 100).toFixed(1)}%`);
  console.log('heaviest functions:');
  for (const [f, ms] of top(selfByFunction, 15))
    console.log(`  ${f.slice(0, 90).padEnd(90)} ${ms.toFixed(0).padStart(6)} ms`);
} finally {
  await browser.close();
  await app.close();
  rmSync(pageDir, { recursive: true, force: true });
}
