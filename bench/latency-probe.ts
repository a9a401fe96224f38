// `node --import tsx bench/latency-probe.ts` (after `npm run build`): where the time of `npm run bench`'s "latency at
// 1,000" goes. The same setup (in-process room server, 1,000 other clients in two count workers, one page with the
// widget and a bare socket.io client), with every WebSocket frame of the page timed as it arrives, so each latency
// splits into API call -> frame (server and network) and frame -> DOM (the page). PROBE_TRACE=1 adds the renderer's
// main-thread time per message by kind (style, layout, paint, script), PROBE_INVALIDATIONS=1 with it what
// invalidated style and layout, PROBE_PROFILE=1 a CPU profile's self time per message by source.
// Loopback only, bounded; every process it starts is stopped.
import { loadavg } from 'node:os';
import { launchChromium } from '../test/chromium.js';
import { children, connect, sleep, startWorker, stop, token } from './harness.ts';
import { FRAME_CLOCK, readLatency, startPageServer, watchLatency } from './latency-page.ts';
import { placeOf, type Profile } from './profile-map.ts';

const OTHERS = Number(process.env.PROBE_OTHERS ?? 1000);
const MESSAGES = Number(process.env.PROBE_MESSAGES ?? 300);
const PROFILE = process.env.PROBE_PROFILE === '1';
const TRACE = process.env.PROBE_TRACE === '1';
const INVALIDATIONS = process.env.PROBE_INVALIDATIONS === '1';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

const { url, api, close } = await startPageServer();
const browser = await launchChromium();
const bound = setTimeout(() => {
  for (const c of children) c.kill('SIGKILL');
  process.exit(1);
}, 10 * 60_000);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] ?? NaN;
const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** Main-thread time per message by top-level trace event, and (with INVALIDATIONS) what invalidated what. */
function printTrace(events: TraceEvent[]): void {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => e.ph === 'X' && e.pid === main?.pid && e.tid === main?.tid);
  const byName = new Map<string, number>();
  // Top-level events only (none open around them), so nested ones are not counted twice.
  let openUntil = 0;
  for (const e of onMain.sort((a, b) => a.ts - b.ts)) {
    if (e.ts < openUntil) continue;
    openUntil = e.ts + (e.dur ?? 0);
    add(byName, e.name, (e.dur ?? 0) / 1000);
  }
  console.log(`renderer main thread, top-level events per message:`);
  for (const [name, ms] of top(byName, 12)) console.log(`  ${name.padEnd(50)} ${(ms / MESSAGES).toFixed(3)} ms`);
  if (!INVALIDATIONS) return;
  const reasons = new Map<string, number>();
  for (const e of events.filter((e) => /Invalidation/.test(e.name))) {
    const d = e.args?.data ?? {};
    const why = d.reason ?? d.changedClass ?? d.changedAttribute ?? d.changedId ?? d.changedPseudo ?? '';
    add(reasons, `${e.name} ${String(why)} ${String(d.nodeName ?? '')}`, 1);
  }
  console.log('invalidations per message:');
  for (const [k, n] of top(reasons, 20)) console.log(`  ${(n / MESSAGES).toFixed(2).padStart(6)} ${k}`);
}

function printProfile(profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byGroup = new Map<string, number>();
  const byFn = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const { group, fn } = placeOf(byId.get(id)!.callFrame);
    if (group === '(idle)') return;
    add(byGroup, group, ms);
    add(byFn, fn, ms);
  });
  console.log(`page self time per message:`);
  for (const [g, ms] of top(byGroup, 12))
    console.log(`  ${g.slice(0, 60).padEnd(60)} ${(ms / MESSAGES).toFixed(3)} ms`);
  for (const [f, ms] of top(byFn, 20)) console.log(`  ${f.slice(0, 90).padEnd(90)} ${(ms / MESSAGES).toFixed(3)} ms`);
}

try {
  const room = 'probe';
  await api.createRoom(room);
  const workers = [startWorker(), startWorker()];
  const tokens = await Promise.all(Array.from({ length: OTHERS }, (_, i) => token(room, `other-${i}`)));
  await Promise.all(workers.map((w, k) => connect(w, { url, tokens: tokens.filter((_, i) => i % 2 === k) })));
  const page = await browser.newPage();
  await page.addInitScript(FRAME_CLOCK);
  await page.goto(`${url}/bench.html`);
  const widgetToken = await token(room, 'widget-reader');
  await page.evaluate((tok) => Object.assign(document.getElementById('chat')!, { token: tok }), widgetToken);
  await page.waitForFunction(
    () => document.getElementById('chat')!.shadowRoot?.querySelector('[part=status]')?.textContent === 'Connected',
  );
  await watchLatency(page, url, await token(room, 'bare-reader'));
  await sleep(500);
  const cdp = PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  if (TRACE) {
    const invalidations = 'disabled-by-default-devtools.timeline.invalidationTracking';
    await browser.startTracing(page, { categories: ['devtools.timeline', ...(INVALIDATIONS ? [invalidations] : [])] });
  }
  const load0 = loadavg()[0]!;
  const sent: Record<string, number> = {};
  for (let i = 0; i < MESSAGES; i++) {
    const text = `lat:${i}`;
    sent[text] = performance.timeOrigin + performance.now();
    await api.pn('/room/broadcastToRoom', { room_id: room, chat_msg: { message: text } });
    await sleep(50);
  }
  await sleep(1000);
  if (TRACE) printTrace((JSON.parse(String(await browser.stopTracing())) as { traceEvents: TraceEvent[] }).traceEvents);
  if (cdp) printProfile(((await cdp.send('Profiler.stop')) as { profile: Profile }).profile);
  const split = await readLatency(page, sent);
  console.log(
    `${split.widgetDom.length} of ${MESSAGES} messages timed at both clients; ${OTHERS} others; load ${load0.toFixed(1)}`,
  );
  const row = (name: string, xs: number[]) =>
    console.log(
      `${name.padEnd(36)} p50 ${pct(xs, 50).toFixed(1).padStart(7)} ms   p99 ${pct(xs, 99).toFixed(1).padStart(7)} ms`,
    );
  row('widget: API call -> frame', split.widgetFrame);
  row('widget: frame -> DOM', split.widgetDom);
  row('bare: frame -> handler done', split.bareDom);
  row('widget: API call -> DOM', split.widget);
  row('bare: API call -> handler done', split.bare);
  console.log(`ratio p50 ${(pct(split.widget, 50) / pct(split.bare, 50)).toFixed(2)} (the bench's latency at 1,000)`);
  await page.close();
  await Promise.all(workers.map(stop));
} finally {
  clearTimeout(bound);
  await Promise.all([...children].map((c) => stop(c).catch(() => c.kill('SIGKILL'))));
  await browser.close();
  await close();
}
