import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { apiClient } from '../api-client.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { launchChromium } from '../chromium.js';

/**
 * The classic script ships only the WebSocket transport. Behind a proxy that refuses WebSocket upgrades, it loads
 * room-widgets-polling.js from beside itself and connects over HTTP long-polling: the chat still receives and sends.
 */
describe('the classic script when WebSocket is blocked', () => {
  let server: Awaited<ReturnType<typeof startRoomServer>>;
  let proxy: Server;
  let proxyUrl: string;
  let browser: Browser;
  const paths: string[] = [];
  let refusedUpgrades = 0;
  let page = '';

  before(async () => {
    server = await startRoomServer();
    const target = new URL(server.url);
    // A proxy in front of the room server that passes HTTP and refuses every upgrade, as some corporate proxies do.
    proxy = createServer((req, res) => {
      paths.push(req.url ?? '');
      if (req.url === '/page.html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(page);
        return;
      }
      const upstream = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    proxy.on('upgrade', (_req, socket) => {
      refusedUpgrades++;
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    proxy?.closeAllConnections();
    proxy?.close();
    await server?.stop();
  });

  it('falls back to polling loaded on demand, and chats both ways', async () => {
    const api = apiClient(server.url, TEST_KEY, TEST_SECRET);
    const room = 'ws-blocked';
    assert.equal((await api.createRoom(room)).status, 200);
    const token = await api.joinToken(room, 'behind-proxy', { name: 'Behind Proxy' });
    // No server attribute: the script points the widget at the origin it was loaded from, the proxy.
    page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blocked</title>
<script src="/room-widgets.js"></script></head><body><room-chat token="${token}"></room-chat></body></html>`;
    const tab = await browser.newPage();
    await tab.goto(`${proxyUrl}/page.html`);
    const chat = tab.locator('room-chat');
    await chat.getByText('Connected').waitFor({ timeout: 30_000 });

    assert.ok(refusedUpgrades >= 1, 'the widget tried WebSocket first');
    assert.ok(paths.includes('/room-widgets-polling.js'), 'the polling transport was loaded on demand');
    assert.ok(
      paths.some((p) => p.startsWith('/socket.io/') && p.includes('transport=polling')),
      'the connection is long-polling',
    );

    const news = 'Delivered over long-polling';
    assert.equal((await api.pn('/room/broadcastToRoom', { room_id: room, chat_msg: { message: news } })).status, 200);
    await chat.getByRole('log').getByText(news, { exact: true }).waitFor();

    // Another participant, straight to the server over WebSocket, receives what the proxied widget sends.
    const other = await browser.newPage();
    await other.setContent(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>other</title>
<script src="${server.url}/room-widgets.js"></script></head><body>
<room-chat token="${await api.joinToken(room, 'direct', { name: 'Direct' })}"></room-chat></body></html>`);
    const otherChat = other.locator('room-chat');
    await otherChat.getByText('Connected').waitFor({ timeout: 30_000 });
    const typed = 'Sent over long-polling';
    await chat.locator('[part=input]').fill(typed);
    await chat.locator('[part=send-button]').click();
    await otherChat.getByText(typed, { exact: true }).waitFor();
    await other.close();
    await tab.close();
  });
});
