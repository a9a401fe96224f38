import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { apiClient } from '../api-client.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { DEMO_API_KEY, DEMO_API_SECRET } from '../../server/config.ts';
import { launchChromium } from '../chromium.js';

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

/** axe on the whole page, the widgets' shadow roots included: every violation, as `rule (impact): targets`. */
async function axeViolations(page: import('playwright-core').Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown }> }> };
    const result = await (window as unknown as { axe: { run(): Promise<Result> } }).axe.run();
    return result.violations.map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}

describe('the demo page as npm start serves it', () => {
  let server: Awaited<ReturnType<typeof startRoomServer>>;
  let browser: Browser;

  before(async () => {
    server = await startRoomServer({ DEMO: '1', ROOM_API_KEY: DEMO_API_KEY, ROOM_API_SECRET: DEMO_API_SECRET });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`is axe clean in ${colorScheme} mode, with the widgets joined`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme });
      await page.goto(`${server.url}/?room=demo-axe-${colorScheme}&as=admin-1`);
      await page.locator('room-chat').getByText('Connected').waitFor({ state: 'attached' });
      assert.deepEqual(await axeViolations(page), []);
      await page.close();
    });
  }
});

describe('a page on an origin the server does not allow', () => {
  let server: Awaited<ReturnType<typeof startRoomServer>>;
  let host: Server;
  let browser: Browser;
  let page = '';

  before(async () => {
    server = await startRoomServer({ ALLOWED_ORIGINS: 'https://meet.example.com' });
    host = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    host?.close();
    await server?.stop();
  });

  it('shows why in the chat’s status line and reports origin_not_allowed through room-error', async () => {
    const api = apiClient(server.url, TEST_KEY, TEST_SECRET);
    await api.createRoom('foreign');
    const token = await api.joinToken('foreign', 'alice');
    page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>foreign</title></head><body>
      <script>window.errors = []; document.addEventListener('room-error', (e) => errors.push(e.detail));</script>
      <script src="${server.url}/room-widgets.js"></script>
      <room-chat token="${token}" style="height: 300px"></room-chat></body></html>`;
    const tab = await browser.newPage();
    const origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
    await tab.goto(`${origin}/`);
    // The status line says why, in the server's words (which name the page's origin).
    const status = tab.locator('room-chat [part~="status"]');
    await status.getByText(origin).waitFor({ state: 'attached' });
    assert.match((await status.textContent()) ?? '', /not allowed|ALLOWED_ORIGINS/);
    const errors = (await tab.evaluate(() => (window as unknown as { errors: unknown[] }).errors)) as Array<{
      code: string;
      message: string;
    }>;
    assert.ok(
      errors.some((e) => e.code === 'origin_not_allowed' && e.message.includes(origin)),
      JSON.stringify(errors),
    );
    await tab.close();
  });
});
