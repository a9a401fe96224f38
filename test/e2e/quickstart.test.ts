import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { apiClient } from '../api-client.js';
import { startRoomServer } from '../room-server-process.js';
import { DEMO_API_KEY, DEMO_API_SECRET } from '../../server/config.ts';
import { launchChromium } from '../chromium.js';

/**
 * End to end, as a newcomer does it: the server started as `npm start` starts it, the README's quick start pasted
 * into a page on another origin, and the demo's backend console driving real API calls.
 */
const OUT = 'test-output/e2e';
const README_URL = 'http://127.0.0.1:3000';

function quickStart(): string {
  const readme = readFileSync('README.md', 'utf8');
  const block = /<!-- quickstart:start -->\s*```html\n([\s\S]*?)```\s*<!-- quickstart:end -->/.exec(readme);
  assert.ok(block, 'the README has a marked quick start');
  return block[1]!;
}

describe('end to end in chromium', () => {
  let server: Awaited<ReturnType<typeof startRoomServer>>;
  let host: Server;
  let hostUrl: string;
  let browser: Browser;
  const pages: Record<string, string> = {};
  let api: ReturnType<typeof apiClient>;

  before(async () => {
    mkdirSync(OUT, { recursive: true });
    // As `npm start` runs it: the compiled server, the demo turned on, with the demo credentials (the only ones it accepts).
    server = await startRoomServer(
      { DEMO: '1', ROOM_API_KEY: DEMO_API_KEY, ROOM_API_SECRET: DEMO_API_SECRET },
      { compiled: true },
    );
    api = apiClient(server.url, DEMO_API_KEY, DEMO_API_SECRET);
    // Another origin: a different port serving the quick start with real tokens.
    host = createServer((req, res) => {
      const html = pages[req.url ?? ''];
      res.writeHead(html ? 200 : 404, { 'content-type': 'text/html' });
      res.end(html ?? 'not found');
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    hostUrl = `http://localhost:${(host.address() as AddressInfo).port}`;
    browser = await launchChromium(['--autoplay-policy=no-user-gesture-required']);
  });

  after(async () => {
    await browser?.close();
    host?.close();
    await server?.stop();
  });

  async function openHost(
    name: string,
    token: string,
    device: { hasTouch?: boolean; isMobile?: boolean; viewport?: { width: number; height: number } } = {},
  ): Promise<Page> {
    pages[`/${name}.html`] =
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title></head><body>\n${quickStart()
        .replaceAll(README_URL, server.url)
        .replaceAll('JOIN_TOKEN', token)}</body></html>`;
    const page = await browser.newPage({ viewport: { width: 900, height: 700 }, ...device });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${hostUrl}/${name}.html`);
    await page.locator('room-chat').getByText('Connected').waitFor();
    assert.deepEqual(errors, []);
    return page;
  }

  it('the README quick start on another origin shows what each participant is sent, driven from the demo console', async () => {
    const room = 'e2e-room';
    const created = await api.createRoom(room, {}, { welcome_message: 'Welcome, e2e' });
    assert.equal(created.status, 200);
    const admin = await openHost('admin', await api.joinToken(room, 'admin-1', { name: 'Ada', isAdmin: true }));
    const u456 = await openHost('user-456', await api.joinToken(room, 'user-456', { name: 'User 456' }));
    const plain = await openHost('plain', await api.joinToken(room, 'plain-user', { name: 'Pat' }));
    const customEvents = await plain.evaluate(() => {
      (window as unknown as { seen: unknown[] }).seen = [];
      document.addEventListener('room-custom-event', (e) =>
        (window as unknown as { seen: unknown[] }).seen.push((e as CustomEvent).detail.data),
      );
      return true;
    });
    assert.equal(customEvents, true);

    // The demo page, on the server's own origin, as npm start serves it; its console makes the signed calls.
    const demo = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await demo.goto(`${server.url}/?room=${room}&as=vip-user-789`);
    await demo.locator('room-chat').getByText('Connected').waitFor();
    const press = async (call: string) => {
      await demo.click(`[data-call="${call}"]`);
      await demo.waitForFunction(() => document.getElementById('output')!.textContent!.includes('"status": 200'));
      await demo.evaluate(() => (document.getElementById('output')!.textContent = ''));
    };
    await press('pn-1');
    await press('pn-2');
    await new Promise((r) => setTimeout(r, 1100));
    await press('pn-3');
    await press('poker-showdown');

    const everyone = 'Hello everyone, the webinar will begin in 5 minutes.';
    for (const page of [admin, u456, plain, demo])
      await page.locator('room-chat').getByRole('log').getByText(everyone).waitFor();
    await u456
      .locator('room-notifications')
      .getByText('Your private document is ready for review.', { exact: true })
      .waitFor();
    await admin
      .locator('room-notifications')
      .getByText('A VIP has just joined the waiting room.', { exact: true })
      .waitFor();
    await demo
      .locator('room-notifications')
      .getByText('A VIP has just joined the waiting room.', { exact: true })
      .waitFor();
    await plain.waitForFunction(() => (window as unknown as { seen: unknown[] }).seen.length === 1);

    // The notification centre's panel is not in the script: it loads from beside it on the first press of the bell.
    const loadedScripts = (page = u456) =>
      page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((e) => new URL(e.name).pathname)
          .filter((p) => p.endsWith('.js')),
      );
    assert.ok(!(await loadedScripts()).includes('/room-widgets-centre.js'), 'not loaded before the bell is pressed');
    await u456.locator('room-notifications [part="center-button"]').click();
    await u456
      .locator('room-notifications [part="center-item"]')
      .getByText('Your private document is ready for review.')
      .waitFor();
    assert.equal(
      (await loadedScripts()).filter((p) => p === '/room-widgets-centre.js').length,
      1,
      'loaded once, from beside the script',
    );
    await u456.locator('room-notifications [part="center-button"]').click();

    // The chat's action menu is on demand too: reacting through it from the classic script, seen by the sender.
    const said = 'Ready when you are';
    await u456.locator('room-chat [part="input"]').fill(said);
    await u456.locator('room-chat [part="send-button"]').click();
    const onAdmin = admin.locator('room-chat article[data-message-id]', { hasText: said });
    await onAdmin.hover();
    await onAdmin.locator('[part="message-actions"]').click();
    await admin.locator('room-chat [part="message-menu-item"][aria-label*="🎉"]').click();
    assert.equal(
      (await loadedScripts(admin)).filter((p) => p === '/room-widgets-menu.js').length,
      1,
      'the menu loaded once, from beside the script',
    );
    await u456
      .locator('room-chat article[data-message-id]', { hasText: said })
      .locator('[part="reaction"]', { hasText: '🎉' })
      .waitFor();

    // No notification a backend sent to others (joins and leaves are toasts of their own, category presence).
    assert.equal(
      await plain.locator('room-notifications [part~="toast-system"]').count(),
      0,
      'Pat got no notification',
    );
    assert.equal(await u456.locator('room-notifications').getByText('A VIP has just joined').count(), 0);
    assert.equal(await admin.locator('room-notifications').getByText('Your private document').count(), 0);
    assert.deepEqual(await plain.evaluate(() => (window as unknown as { seen: unknown[] }).seen), [
      { showdown: ['A♠', 'K♦'] },
    ]);
    assert.equal(await plain.locator('room-chat').getByText('Welcome, e2e').count(), 1);

    for (const [name, page] of Object.entries({ admin, u456, plain, demo }))
      await page.screenshot({ path: `${OUT}/${name}.png` });

    // Locale files load from beside the script too, whatever page holds it: the page switches to German.
    await plain.evaluate(() => document.documentElement.setAttribute('lang', 'de'));
    await plain.locator('room-chat [part="send-button"]').getByText('Senden').waitFor();
    const locales = await plain.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => n.endsWith('.json')),
    );
    assert.deepEqual(locales, [`${server.url}/locales/de.json`]);
    await plain.evaluate(() => document.documentElement.setAttribute('lang', 'en'));
    await plain.locator('room-chat [part="send-button"]').getByText('Send').waitFor();

    await press('end');
    await plain.locator('room-chat').getByText('The meeting has ended.').first().waitFor();
  });

  it('on a touch phone the action menu is there without hover, and a tap reacts', async () => {
    const room = 'e2e-touch';
    assert.equal((await api.createRoom(room)).status, 200);
    const phone = await openHost('phone', await api.joinToken(room, 'tap-user', { name: 'Tam' }), {
      hasTouch: true,
      isMobile: true,
      viewport: { width: 375, height: 740 },
    });
    const desk = await openHost('desk', await api.joinToken(room, 'desk-user', { name: 'Dee' }));
    const said = 'Tap to react';
    await desk.locator('room-chat [part="input"]').fill(said);
    await desk.locator('room-chat [part="send-button"]').click();
    const message = phone.locator('room-chat article[data-message-id]', { hasText: said });
    await message.waitFor();
    const more = message.locator('[part="message-actions"]');
    // No hover on a touch screen: the "⋯" is visible as it is; with a mouse it shows under the pointer only.
    assert.equal(await more.evaluate((b) => getComputedStyle(b).opacity), '1');
    const onDesk = desk
      .locator('room-chat article[data-message-id]', { hasText: said })
      .locator('[part="message-actions"]');
    await desk.mouse.move(0, 0);
    assert.equal(await onDesk.evaluate((b) => getComputedStyle(b).opacity), '0', 'hidden on the desktop until hovered');
    await more.tap();
    await phone.locator('room-chat [part="message-menu-item"][aria-label*="👍"]').tap();
    await desk
      .locator('room-chat article[data-message-id]', { hasText: said })
      .locator('[part="reaction"]', { hasText: '👍' })
      .waitFor();
    await phone.close();
    await desk.close();
  });

  it('an on-demand part that cannot load is reported as feature_unavailable, and the next press loads it', async () => {
    const room = 'e2e-part-down';
    assert.equal((await api.createRoom(room)).status, 200);
    const page = await openHost('part-down', await api.joinToken(room, 'pd-user', { name: 'Pia' }));
    await page.evaluate(() =>
      document.addEventListener('room-error', (e) =>
        ((window as unknown as { errs: unknown[] }).errs ??= []).push((e as CustomEvent).detail),
      ),
    );
    await page.route('**/room-widgets-centre.js', (route) => route.abort());
    const bell = page.locator('room-notifications [part="center-button"]');
    await bell.click();
    await page.waitForFunction(() =>
      ((window as unknown as { errs?: Array<{ code: string }> }).errs ?? []).some(
        (e) => e.code === 'feature_unavailable',
      ),
    );
    assert.equal(
      await page.locator('room-notifications [part="center"]').count(),
      0,
      'no panel while its file cannot load',
    );
    await page.unroute('**/room-widgets-centre.js');
    await bell.click(); // closes the (empty) centre
    await bell.click();
    await page.locator('room-notifications [part="center"]').waitFor();
    await page.close();
  });
});
