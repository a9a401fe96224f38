import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createRoom, joinToken, startServer, type TestServer } from './helpers.ts';
import { download, eventually, link, upload } from './files-helpers.ts';
import { launchChromium } from '../chromium.js';

/**
 * An uploaded HTML or SVG file runs nothing: it is served as plain text, as an attachment, with nosniff and a CSP
 * sandbox. Checked in a real chromium, and each defence alone: with the attachment and the text type stripped by a
 * proxy the CSP still stops the script, and with the CSP stripped too the same page does run it (the control).
 */
describe('an uploaded HTML file runs no script', () => {
  let server: TestServer;
  let browser: Browser;
  let side: Server;
  let sideUrl: string;
  let token: string;
  const ran: string[] = [];
  const payload = (tag: string) =>
    `<!doctype html><title>page</title><script>document.title = 'ran'; new Image().src = '${sideUrl}/ran/${tag}';</script><h1>hello</h1>`;

  before(async () => {
    server = await startServer({ FILE_ALLOWED_TYPES: 'html,svg,txt' });
    await createRoom(server.url, 'html');
    token = await joinToken(server.url, 'html', 'mallory');
    // One loopback server plays two parts: it records any request a script makes, and it re-serves a file with
    // some of the room server's headers removed, to test each defence alone.
    side = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname.startsWith('/ran/')) {
        ran.push(url.pathname.slice(5));
        return res.writeHead(204).end();
      }
      const path = url.searchParams.get('path');
      if (!path) return res.writeHead(404).end();
      fetch(`${server.url}${path}`)
        .then(async (upstream) => {
          const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
          if (url.pathname === '/csp-only')
            headers['content-security-policy'] = upstream.headers.get('content-security-policy') ?? '';
          res.writeHead(upstream.status, headers).end(Buffer.from(await upstream.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
    await new Promise<void>((r) => side.listen(0, '127.0.0.1', r));
    sideUrl = `http://127.0.0.1:${(side.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((r) => side?.close(() => r()));
    await server?.stop();
  });

  async function uploaded(name: string, body: string): Promise<{ path: string; signed: string }> {
    const res = await upload(server.url, 'html', name, Buffer.from(body), { token });
    assert.ok(res.body.ok, JSON.stringify(res.body));
    const file = res.body.message.file!;
    const given = await link(server.url, file.url, token);
    assert.ok(given.body.ok);
    return { path: file.url, signed: given.body.url };
  }

  it('is served as an inert attachment: text/plain, nosniff, CSP sandbox', async () => {
    const { path } = await uploaded('page.html', payload('headers'));
    const d = await download(server.url, path, token);
    assert.equal(d.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(d.headers.get('content-disposition'), 'attachment; filename="page.html"');
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(d.headers.get('content-security-policy'), "sandbox; default-src 'none'");
  });

  it('opened in chromium, it downloads and runs nothing, opened directly or framed by another page', async () => {
    const body = payload('opened');
    const { signed } = await uploaded('page.html', body);
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.goto(`${server.url}${signed}`).catch(() => undefined),
    ]);
    assert.equal(file.suggestedFilename(), 'page.html');
    assert.equal(await readFile((await file.path())!, 'utf8'), body);
    const framed = await context.newPage();
    await framed.setContent(`<iframe src="${server.url}${signed}"></iframe>`);
    await framed.waitForLoadState('load');
    assert.deepEqual([...ran], [], 'no script ran');
    await context.close();
  });

  it('the CSP alone stops the script when the page is rendered as HTML, and the control without it runs', async () => {
    const { signed } = await uploaded('page.html', payload('csp'));
    const page = await browser.newPage();
    await page.goto(`${sideUrl}/csp-only?path=${encodeURIComponent(signed)}`);
    assert.equal(await page.title(), 'page', 'the inline script did not run');
    assert.deepEqual([...ran], [], 'no script ran');

    const control = await uploaded('control.html', payload('control'));
    await page.goto(`${sideUrl}/no-headers?path=${encodeURIComponent(control.signed)}`);
    assert.equal(await page.title(), 'ran', 'without the server’s headers the same page runs its script');
    await eventually(() => ran.includes('control'), 'the control page’s script reached the recorder');
    await page.close();
  });

  it('an SVG with a script is plain text too', async () => {
    const { path } = await uploaded(
      'icon.svg',
      `<svg xmlns="http://www.w3.org/2000/svg"><script>new Image().src='${sideUrl}/ran/svg'</script></svg>`,
    );
    const d = await download(server.url, path, token);
    assert.equal(d.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(d.headers.get('content-disposition'), 'attachment; filename="icon.svg"');
  });
});
