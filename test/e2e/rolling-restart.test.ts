import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { apiClient } from '../api-client.js';
import { startRedis } from '../redis-process.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { startBalancer } from '../tcp-balancer.js';
import { launchChromium } from '../chromium.js';

type Proc = Awaited<ReturnType<typeof startRoomServer>>;
const GRACE_MS = 5000;

async function connectedWidgets(p: Proc): Promise<number> {
  const text = await (await fetch(`${p.url}/metrics`)).text();
  return Number(/^room_widgets_connected_widgets (\d+)$/m.exec(text)?.[1] ?? NaN);
}

/**
 * The real widget (the built classic script) in chromium, connected through a balancer that follows /readyz to
 * one of two server processes sharing Redis. Its process gets SIGTERM while messages keep coming: the chat goes
 * `reconnecting` → `connected`, never `disconnected`, reports no error, and shows every message once, in order.
 */
describe('a rolling restart under a real widget', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let procs: Proc[] = [];
  let lb: Awaited<ReturnType<typeof startBalancer>>;
  let host: Server;
  let browser: Browser;
  let page = '';

  before(async () => {
    redis = await startRedis();
    procs = await Promise.all(
      [0, 1].map(() => startRoomServer({ REDIS_URL: redis.url, SHUTDOWN_GRACE_MS: String(GRACE_MS) })),
    );
    lb = await startBalancer(procs.map((p) => p.port));
    host = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    host?.close();
    lb?.close();
    await Promise.all(procs.map((p) => p.stop()));
    await redis?.stop();
  });

  it('SIGTERM on the widget’s process: it moves to the other one and shows every message once, in order', async () => {
    const api = apiClient(lb.url, TEST_KEY, TEST_SECRET);
    assert.equal((await api.createRoom('e2e-rolling')).status, 200);
    const token = await api.joinToken('e2e-rolling', 'viewer', { name: 'Viewer' });
    page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>rolling</title></head><body>
      <script>
        window.states = []; window.errors = [];
        document.addEventListener('room-connection-change', (e) => window.states.push(e.detail.state));
        document.addEventListener('room-error', (e) => window.errors.push(e.detail.code));
      </script>
      <script src="${lb.url}/room-widgets.js"></script>
      <room-chat server="${lb.url}" token="${token}"></room-chat></body></html>`;
    const tab = await browser.newPage();
    await tab.goto(`http://localhost:${(host.address() as AddressInfo).port}/`);
    const chat = tab.locator('room-chat');
    await chat.getByText('Connected').waitFor();

    const counts = await Promise.all(procs.map(connectedWidgets));
    assert.deepEqual([...counts].sort(), [0, 1]);
    const victim = procs[counts.indexOf(1)]!;
    const survivor = procs.find((p) => p !== victim)!;
    const publisher = apiClient(survivor.url, TEST_KEY, TEST_SECRET);
    const published: string[] = [];
    const publish = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const text = `line ${published.length + 1}`;
        assert.equal(
          (await publisher.pn('/room/broadcastToRoom', { room_id: 'e2e-rolling', chat_msg: { message: text } })).status,
          200,
        );
        published.push(text);
        await new Promise((r) => setTimeout(r, 30));
      }
    };

    await publish(3);
    process.kill(victim.pid!, 'SIGTERM');
    const [exit] = await Promise.all([victim.exited, publish(30)]);
    assert.deepEqual(exit, { code: 0, signal: null }, 'the process drained and exited by itself within the grace time');
    await publish(3);
    await chat.getByRole('log').getByText(published.at(-1)!, { exact: true }).waitFor({ timeout: 20_000 });

    const shown = (await chat.locator('[part~="message-text"]').allTextContents())
      .map((t) => t.trim())
      .filter((t) => t.startsWith('line '));
    assert.deepEqual(shown, published, 'every message once, in order');
    const { states, errors } = await tab.evaluate(() => ({
      states: (window as unknown as { states: string[] }).states,
      errors: (window as unknown as { errors: string[] }).errors,
    }));
    assert.ok(states.includes('reconnecting'), `the widget was moved: ${states.join(' → ')}`);
    assert.equal(states.at(-1), 'connected');
    assert.ok(!states.includes('disconnected'), `never gave up: ${states.join(' → ')}`);
    assert.deepEqual(errors, []);
    assert.equal(await connectedWidgets(survivor), 1);
  });
});
