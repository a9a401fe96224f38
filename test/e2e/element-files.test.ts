import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { apiClient } from '../api-client.js';
import { TEST_KEY, TEST_SECRET, startRoomServer } from '../room-server-process.js';
import { launchChromium } from '../chromium.js';

/**
 * The classic script defines each element from its own file beside it, the first time the page holds one. In front
 * of the room server, a proxy serves the test's pages, records every request in order, and can hold back or refuse
 * an element's file.
 */
describe('the classic script loads each element the first time the page holds one', { timeout: 180_000 }, () => {
  let server: Awaited<ReturnType<typeof startRoomServer>>;
  let proxy: Server;
  let url: string;
  let browser: Browser;
  let api: ReturnType<typeof apiClient>;
  const pages: Record<string, string> = {};
  /** Each request as it arrived ('GET /path') and, for the element files, when its answer went out ('sent /path'). */
  const log: string[] = [];
  /** Each request's path and the page that asked for it ('/x.js from /page.html'). */
  const askedBy: string[] = [];
  /** Paths answered 503, and paths held back until the test lets them through (`hold`). */
  const refused = new Set<string>();
  const held = new Map<string, { through: Promise<void>; let: () => void; from?: string }>();
  /** Holds `path` back at the proxy (asked for by page `from` only, when given); returns what lets it through. */
  const hold = (path: string, from?: string) => {
    let through!: () => void;
    held.set(path, { through: new Promise<void>((r) => (through = r)), let: () => through(), from });
    return through;
  };
  const gate = (path: string, referer = '') => {
    const h = held.get(path);
    return h && (!h.from || referer.includes(h.from)) ? h.through : Promise.resolve();
  };
  const letAllThrough = () => {
    for (const h of held.values()) h.let();
    held.clear();
  };

  before(async () => {
    server = await startRoomServer();
    api = apiClient(server.url, TEST_KEY, TEST_SECRET);
    const target = new URL(server.url);
    proxy = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0]!;
      log.push(`GET ${path}`);
      askedBy.push(`${path} from ${new URL(req.headers.referer ?? 'http://x/').pathname}`);
      if (pages[path]) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(pages[path]);
        return;
      }
      if (refused.has(path)) {
        res.writeHead(503).end();
        return;
      }
      void gate(path, req.headers.referer).then(() => {
        const upstream = request(
          { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
            if (path.startsWith('/room-widgets-')) answer.on('end', () => log.push(`sent ${path}`));
          },
        );
        upstream.on('error', () => res.destroy());
        req.pipe(upstream);
      });
    });
    // WebSocket upgrades pass straight through (the room's connection), logged when they arrive.
    proxy.on('upgrade', (req, socket, head) => {
      log.push(`UPGRADE ${(req.url ?? '').split('?')[0]}`);
      const upstream = request({
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      });
      upstream.on('upgrade', (answer, upSocket, upHead) => {
        socket.write(
          `HTTP/1.1 101 Switching Protocols\r\n${Object.entries(answer.headers)
            .map(([k, v]) => `${k}: ${String(v)}`)
            .join('\r\n')}\r\n\r\n`,
        );
        if (upHead.length) socket.write(upHead);
        if (head.length) upSocket.write(head);
        upSocket.pipe(socket).pipe(upSocket);
        socket.on('error', () => upSocket.destroy());
        upSocket.on('error', () => socket.destroy());
      });
      upstream.on('error', () => socket.destroy());
      upstream.end();
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    proxy?.closeAllConnections();
    proxy?.close();
    await server?.stop();
  });

  /** `loaded: false`: returns once the page is parsed, not loaded (a file it adds may be held back). */
  async function open(name: string, body: string, loaded = true): Promise<{ tab: Page; errors: string[] }> {
    pages[`/${name}.html`] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title>
<script>window.states = []; document.addEventListener('room-connection-change', (e) => states.push(e.detail.state));</script>
<script src="/room-widgets.js"></script></head><body>${body}</body></html>`;
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (e) => errors.push(e.message));
    await tab.goto(`${url}/${name}.html`, { waitUntil: loaded ? 'load' : 'domcontentloaded' });
    return { tab, errors };
  }
  const requested = (path: string) => log.filter((line) => line === `GET ${path}`).length;

  /**
   * In a tab of its own, `token`'s headless client sends "before the reaction", reacts 👍 to it and at once sends
   * "after the reaction": a message that needs the conversation core, with one right behind it. Returns the tab.
   */
  async function reactBetweenTwo(name: string, token: string): Promise<Page> {
    const { tab } = await open(name, '');
    await tab.evaluate(async (t) => {
      type Client = {
        store: { snapshot: { connection: string } };
        send(text: string): Promise<{ ok: boolean; message: { id: string } }>;
        react(id: string, e: string): Promise<unknown>;
      };
      const c = (window as unknown as { RoomWidgets: { connect(o: { token: string }): Client } }).RoomWidgets.connect({
        token: t,
      });
      for (let i = 0; i < 200 && c.store.snapshot.connection !== 'connected'; i++)
        await new Promise((r) => setTimeout(r, 10));
      const first = await c.send('before the reaction');
      // The reaction goes out at once; the next message right behind it.
      const reaction = c.react(first.message.id, '👍');
      await c.send('after the reaction');
      await reaction;
    }, token);
    return tab;
  }

  it('a page with only notifications never fetches the chat, and shows its toasts', async () => {
    const room = 'files-notifications-only';
    assert.equal((await api.createRoom(room)).status, 200);
    log.length = 0;
    const { tab, errors } = await open(
      'only-toasts',
      `<room-notifications token="${await api.joinToken(room, 'u1')}"></room-notifications>`,
    );
    await tab.waitForFunction(() => customElements.get('room-notifications') !== undefined);
    assert.equal(await tab.evaluate(() => customElements.get('room-chat') !== undefined), false);
    await tab.waitForFunction(() => (window as unknown as { states: string[] }).states.includes('connected'));
    assert.equal(
      (
        await api.pn('/room/broadcastToRoom', {
          room_id: room,
          notification_msg: { text: 'Recording starts', type: 0 },
        })
      ).status,
      200,
    );
    await tab.locator('room-notifications').getByText('Recording starts', { exact: true }).waitFor();
    assert.equal(requested('/room-widgets-notifications.js'), 1);
    assert.equal(requested('/room-widgets-chat.js'), 0, 'the chat file was never fetched');
    assert.deepEqual(errors, []);
    await tab.close();
  });

  it('a page that holds both elements fetches them in one file, with lit', async () => {
    const room = 'files-both';
    assert.equal((await api.createRoom(room, {}, { welcome_message: 'Welcome to both' })).status, 200);
    const token = await api.joinToken(room, 'both');
    log.length = 0;
    const { tab, errors } = await open(
      'both',
      `<room-chat token="${token}"></room-chat><room-notifications token="${token}"></room-notifications>`,
    );
    await tab.locator('room-chat').getByText('Welcome to both').waitFor();
    await tab.waitForFunction(() => customElements.get('room-notifications') !== undefined);
    assert.deepEqual(
      ['both', 'elements', 'chat', 'notifications'].map((f) => requested(`/room-widgets-${f}.js`)),
      [1, 0, 0, 0],
    );
    assert.deepEqual(errors, []);
    await tab.close();
  });

  it("both elements render before socket.io's client arrives, which is fetched once, beside them, and then connects", async () => {
    const room = 'files-socket-later';
    assert.equal((await api.createRoom(room, {}, { welcome_message: 'Welcome once connected' })).status, 200);
    const token = await api.joinToken(room, 'patient');
    log.length = 0;
    const letSocketThrough = hold('/room-widgets-socket.js');
    try {
      pages['/socket-later.html'] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>later</title>
<script src="/room-widgets.js"></script></head><body>
<room-chat token="${token}"></room-chat><room-notifications token="${token}"></room-notifications></body></html>`;
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      // Not until `load`: the page's scripts (socket.io's file among them) hold that back.
      await tab.goto(`${url}/socket-later.html`, { waitUntil: 'domcontentloaded' });
      // The chat's frame, its state and its composer are on screen while the socket's file is still held back.
      await tab.locator('room-chat').getByText('Connecting…').waitFor();
      await tab.locator('room-chat').getByRole('textbox').waitFor();
      assert.equal(await tab.evaluate(() => customElements.get('room-notifications') !== undefined), true);
      assert.equal(log.includes('sent /room-widgets-socket.js'), false, log.join(', '));
      assert.equal(log.includes('UPGRADE /socket.io/'), false, 'no connection before the file');
      // Asked for as the script started, together with the elements' file, not after it.
      assert.ok(log.indexOf('GET /room-widgets-socket.js') >= 0, log.join(', '));
      assert.ok(log.indexOf('GET /room-widgets-socket.js') < log.indexOf('sent /room-widgets-both.js'), log.join(', '));
      letSocketThrough();
      await tab.locator('room-chat').getByRole('log').getByText('Welcome once connected').waitFor();
      assert.ok(log.indexOf('sent /room-widgets-socket.js') < log.indexOf('UPGRADE /socket.io/'), log.join(', '));
      assert.equal(requested('/room-widgets-socket.js'), 1, 'one file for every room and element');
      assert.equal(log.filter((l) => l === 'UPGRADE /socket.io/').length, 1, 'one connection for the two elements');
      assert.deepEqual(errors, []);
      await tab.close();
    } finally {
      letAllThrough();
    }
  });

  it("socket.io's file refused: the chat says so through room-error, keeps its frame, and connects once the file loads", async () => {
    const room = 'files-socket-refused';
    assert.equal((await api.createRoom(room, {}, { welcome_message: 'Welcome after all' })).status, 200);
    const token = await api.joinToken(room, 'persistent');
    log.length = 0;
    refused.add('/room-widgets-socket.js');
    try {
      pages['/socket-refused.html'] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>refused</title>
<script>window.problems = []; document.addEventListener('room-error', (e) => problems.push(e.detail.code));</script>
<script src="/room-widgets.js"></script></head><body><room-chat token="${token}"></room-chat></body></html>`;
      const tab = await browser.newPage();
      await tab.goto(`${url}/socket-refused.html`, { waitUntil: 'domcontentloaded' });
      await tab.waitForFunction(() =>
        (window as unknown as { problems: string[] }).problems.includes('feature_unavailable'),
      );
      await tab.locator('room-chat').getByText('Connecting…').waitFor();
      assert.ok(requested('/room-widgets-socket.js') >= 1);
      refused.clear();
      // Tried again by itself (0.5, 1, 2 … 8 s apart), without a reload.
      await tab.locator('room-chat').getByRole('log').getByText('Welcome after all').waitFor({ timeout: 20_000 });
      assert.ok(requested('/room-widgets-socket.js') >= 2, log.join(', '));
      await tab.close();
    } finally {
      refused.clear();
    }
  });

  it('the room connection opens while the element file is still on its way, and the chat shows the room once it lands', async () => {
    const room = 'files-preconnect';
    assert.equal((await api.createRoom(room, {}, { welcome_message: 'Welcome to the early room' })).status, 200);
    log.length = 0;
    const letChatThrough = hold('/room-widgets-chat.js');
    try {
      const { tab, errors } = await open(
        'preconnect',
        `<room-chat token="${await api.joinToken(room, 'early')}"></room-chat>`,
        false,
      );
      // The room's connection opens with the chat's file held back; it fails here if it waits for the file.
      for (let i = 0; i < 500 && !log.includes('UPGRADE /socket.io/'); i++) await new Promise((r) => setTimeout(r, 20));
      letChatThrough();
      await tab.locator('room-chat').getByText('Welcome to the early room').waitFor();
      const upgrade = log.indexOf('UPGRADE /socket.io/');
      const chatSent = log.indexOf('sent /room-widgets-chat.js');
      assert.ok(upgrade >= 0 && chatSent >= 0, log.join(', '));
      assert.ok(upgrade < chatSent, `the WebSocket opened before the chat file was sent: ${log.join(', ')}`);
      assert.equal(
        log.filter((l) => l === 'UPGRADE /socket.io/').length,
        1,
        'one connection: the element took over the one opened for it',
      );
      await tab.locator('room-chat').getByText('Connected').waitFor();
      assert.deepEqual(errors, []);
      await tab.close();
    } finally {
      letAllThrough();
    }
  });

  it('what reaches the room while the element file is on its way is shown once it lands, and a refusal is reported', async () => {
    const room = 'files-early';
    assert.equal((await api.createRoom(room)).status, 200);
    const token = await api.joinToken(room, 'early-toasts');
    const letNotificationsThrough = hold('/room-widgets-notifications.js');
    try {
      pages['/early.html'] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>early</title>
<script>window.heard = []; for (const name of ['room-notification', 'room-error', 'room-ended']) document.addEventListener(name, (e) => heard.push([name, e.detail.text ?? e.detail.code ?? e.detail.logoutUrl]));</script>
<script src="/room-widgets.js"></script></head><body>
<room-notifications token="${token}" info-duration="60000"></room-notifications><room-notifications token="${token}" position="static"></room-notifications>
<room-notifications id="refused" token="not-a-token"></room-notifications></body></html>`;
      const tab = await browser.newPage();
      // Not until `load`: a script the page adds (the element's file) holds that back.
      await tab.goto(`${url}/early.html`, { waitUntil: 'domcontentloaded' });
      // Joined (the script's own hold on the room), while the element's file is still held back by the proxy.
      const joined = () =>
        tab.evaluate((t) => {
          const room = (
            window as unknown as {
              RoomWidgets: {
                connect(o: { token: string }): { store: { snapshot: { connection: string } }; close(): void };
              };
            }
          ).RoomWidgets.connect({ token: t });
          const state = room.store.snapshot.connection;
          room.close();
          return state;
        }, token);
      for (let i = 0; i < 100 && (await joined()) !== 'connected'; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(await joined(), 'connected');
      assert.equal(
        await tab.evaluate(() => customElements.get('room-notifications') !== undefined),
        false,
        'the file has not arrived yet',
      );
      assert.equal(
        (
          await api.pn('/room/broadcastToRoom', {
            room_id: room,
            notification_msg: { text: 'Sent before the file landed', type: 1 },
          })
        ).status,
        200,
      );
      // In the page's room before its elements' file lands: what the elements must show once it does.
      await tab.waitForFunction((t) => {
        const w = window as unknown as {
          RoomWidgets: {
            connect(o: { token: string }): {
              store: { snapshot: { notifications: { text: string }[] } };
              close(): void;
            };
          };
        };
        const room = w.RoomWidgets.connect({ token: t });
        const has = room.store.snapshot.notifications.some((n) => n.text === 'Sent before the file landed');
        room.close();
        return has;
      }, token);
      letNotificationsThrough();
      for (const i of [0, 1])
        await tab
          .locator('room-notifications')
          .nth(i)
          .getByText('Sent before the file landed', { exact: true })
          .waitFor();
      // Kept once for the room, however many elements show it: each stack shows it once, not "2 times".
      assert.equal(await tab.locator('room-notifications').getByText(/times/).count(), 0);
      // Replayed after the element's first update, so attributes like info-duration apply to it.
      assert.equal(
        await tab
          .locator('room-notifications')
          .first()
          .evaluate(
            (el) =>
              (el as unknown as { queue: { options: { durations: { info: number } } } }).queue.options.durations.info,
          ),
        60000,
      );
      assert.ok(log.indexOf('sent /room-widgets-notifications.js') > 0);
      // The refused element asks again once defined, on a socket of its own: its refusal comes on its own time.
      await tab.waitForFunction(() =>
        (window as unknown as { heard: string[][] }).heard.some(([name]) => name === 'room-error'),
      );
      const heard = await tab.evaluate(() => (window as unknown as { heard: string[][] }).heard);
      assert.deepEqual(
        heard.filter(([name]) => name === 'room-notification'),
        [['room-notification', 'Sent before the file landed']],
        'the host heard it once per page (src/core/host-events.ts), as when it comes live',
      );
      assert.deepEqual(
        heard.filter(([name]) => name === 'room-error'),
        [['room-error', 'token_invalid']],
        'the refused token, reported by its element once defined',
      );
      await tab.close();
    } finally {
      letAllThrough();
    }
  });

  it("the chat's host events from while its file was on its way are sent once it lands", async () => {
    const room = 'files-early-chat';
    assert.equal((await api.createRoom(room)).status, 200);
    const viewer = await api.joinToken(room, 'viewer');
    const actor = await api.joinToken(room, 'actor', { name: 'Actor' });
    const letChatThrough = hold('/room-widgets-chat.js');
    try {
      pages['/early-chat.html'] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>early chat</title>
<script>window.heard = []; for (const name of ['room-reaction-change', 'room-message-deleted', 'room-chat-message']) document.addEventListener(name, (e) => heard.push(name));</script>
<script src="/room-widgets.js"></script></head><body><room-chat token="${viewer}"></room-chat></body></html>`;
      const tab = await browser.newPage();
      await tab.goto(`${url}/early-chat.html`, { waitUntil: 'domcontentloaded' });
      // Someone else, through the headless client on a page with no element: a message, a reaction, a deletion.
      const { tab: other } = await open('actor', '');
      const acted = await other.evaluate(async (t) => {
        type Client = {
          store: { snapshot: { connection: string } };
          send(text: string): Promise<{ ok: boolean; message: { id: string } }>;
          react(id: string, e: string): Promise<unknown>;
          deleteMessage(id: string): Promise<unknown>;
        };
        const c = (window as unknown as { RoomWidgets: { connect(o: { token: string }): Client } }).RoomWidgets.connect(
          { token: t },
        );
        for (let i = 0; i < 200 && c.store.snapshot.connection !== 'connected'; i++)
          await new Promise((r) => setTimeout(r, 10));
        const sent = await c.send('soon gone');
        await c.react(sent.message.id, '👍');
        await c.deleteMessage(sent.message.id);
        return sent.ok;
      }, actor);
      assert.equal(acted, true);
      assert.equal(
        await tab.evaluate(() => customElements.get('room-chat') !== undefined),
        false,
        'the chat file has not arrived yet',
      );
      // The message and its deletion are in the page's room before the chat's file lands.
      await tab.waitForFunction((t) => {
        const w = window as unknown as {
          RoomWidgets: {
            connect(o: { token: string }): {
              store: { snapshot: { chat: { message?: { deleted?: unknown } }[] } };
              close(): void;
            };
          };
        };
        const room = w.RoomWidgets.connect({ token: t });
        const deleted = room.store.snapshot.chat.some((e) => !!e.message?.deleted);
        room.close();
        return deleted;
      }, viewer);
      letChatThrough();
      await tab.waitForFunction(() => customElements.get('room-chat') !== undefined);
      await tab.locator('room-chat [part~="message-deleted"]').waitFor();
      const heard = await tab.evaluate(() => (window as unknown as { heard: string[] }).heard);
      assert.deepEqual(
        heard.sort(),
        ['room-chat-message', 'room-message-deleted', 'room-reaction-change'],
        'each once',
      );
      await other.close();
      await tab.close();
    } finally {
      letAllThrough();
    }
  });

  it('a reaction that arrives while the conversation core is on its way holds the messages after it: all show, in order, each once', async () => {
    const room = 'files-core-held';
    assert.equal((await api.createRoom(room)).status, 200);
    const viewer = await api.joinToken(room, 'viewer');
    const actor = await api.joinToken(room, 'actor', { name: 'Actor' });
    log.length = 0;
    const { tab, errors } = await open(
      'core-held',
      `<room-chat token="${viewer}"></room-chat><script>window.reacted = 0; document.addEventListener('room-reaction-change', () => reacted++);</script>`,
    );
    await tab.waitForFunction(() => (window as unknown as { states: string[] }).states.includes('connected'));
    // The viewer's page only: the actor's own client loads the core to react.
    const letCoreThrough = hold('/room-widgets-core.js', '/core-held.html');
    try {
      const other = await reactBetweenTwo('core-actor', actor);
      // The viewer's page asked for the core (the reaction reached it) before it is let through.
      for (let i = 0; i < 500 && !askedBy.includes('/room-widgets-core.js from /core-held.html'); i++)
        await new Promise((r) => setTimeout(r, 20));
      letCoreThrough();
      const chat = tab.locator('room-chat');
      await chat.locator('[part~="reaction"]').getByText('👍 1').waitFor();
      await chat.locator('[part~="message-text"]').getByText('after the reaction').waitFor();
      assert.deepEqual(await chat.locator('[part~="message-text"]').allTextContents(), [
        'before the reaction',
        'after the reaction',
      ]);
      assert.equal(await tab.evaluate(() => (window as unknown as { reacted: number }).reacted), 1);
      assert.ok(askedBy.includes('/room-widgets-core.js from /core-held.html'), 'the core came on demand, held');
      assert.deepEqual(errors, []);
      await other.close();
      await tab.close();
    } finally {
      letAllThrough();
    }
  });

  it('a conversation core that cannot load is reported as feature_unavailable, and the messages after it still show', async () => {
    const room = 'files-core-refused';
    assert.equal((await api.createRoom(room)).status, 200);
    const viewer = await api.joinToken(room, 'viewer');
    const actor = await api.joinToken(room, 'actor', { name: 'Actor' });
    const { tab, errors } = await open(
      'core-refused',
      `<room-chat token="${viewer}"></room-chat><script>window.codes = []; document.addEventListener('room-error', (e) => codes.push(e.detail.code));</script>`,
    );
    await tab.waitForFunction(() => (window as unknown as { states: string[] }).states.includes('connected'));
    refused.add('/room-widgets-core.js');
    try {
      const other = await reactBetweenTwo('core-refused-actor', actor);
      const chat = tab.locator('room-chat');
      await chat.locator('[part~="message-text"]').getByText('after the reaction').waitFor();
      await tab.waitForFunction(() => (window as unknown as { codes: string[] }).codes.includes('feature_unavailable'));
      assert.deepEqual(await chat.locator('[part~="message-text"]').allTextContents(), [
        'before the reaction',
        'after the reaction',
      ]);
      assert.equal(await chat.locator('[part~="reaction"]').count(), 0, 'the reaction needed the core');
      assert.deepEqual(errors, []);
      await other.close();
      await tab.close();
    } finally {
      refused.clear();
    }
  });

  it('a page with no widget lists a broadcastToRoom notification through RoomWidgets.connect and RoomWidgets.notificationCentre', async () => {
    const room = 'files-headless-centre';
    assert.equal((await api.createRoom(room)).status, 200);
    const token = await api.joinToken(room, 'headless');
    log.length = 0;
    const { tab, errors } = await open('headless-centre', '');
    type Global = {
      connect(o: { token: string }): { store: { snapshot: { connection: string } } };
      notificationCentre(store: unknown): { snapshot: { entries: Array<{ text: string; level: string }> } };
    };
    await tab.evaluate(async (t) => {
      const w = window as unknown as { RoomWidgets: Global; centre: unknown };
      const client = w.RoomWidgets.connect({ token: t });
      w.centre = w.RoomWidgets.notificationCentre(client.store);
      for (let i = 0; i < 200 && client.store.snapshot.connection !== 'connected'; i++)
        await new Promise((r) => setTimeout(r, 20));
    }, token);
    assert.equal(
      (
        await api.pn('/room/broadcastToRoom', {
          room_id: room,
          notification_msg: { text: 'Listed with no widget', type: 0 },
        })
      ).status,
      200,
    );
    await tab.waitForFunction(
      () =>
        (window as unknown as { centre: { snapshot: { entries: unknown[] } } }).centre.snapshot.entries.length === 1,
    );
    const entries = await tab.evaluate(() =>
      (
        window as unknown as { centre: { snapshot: { entries: Array<{ text: string; level: string }> } } }
      ).centre.snapshot.entries.map(({ text, level }) => ({ text, level })),
    );
    assert.deepEqual(entries, [{ text: 'Listed with no widget', level: 'info' }]);
    assert.equal(
      ['notifications', 'chat', 'elements', 'both'].reduce((n, f) => n + requested(`/room-widgets-${f}.js`), 0),
      0,
      'no element file was needed, nor lit',
    );
    assert.deepEqual(errors, []);
    await tab.close();
  });

  it('defines an element added later, keeping properties set before it was defined', async () => {
    const room = 'files-late';
    assert.equal((await api.createRoom(room, {}, { welcome_message: 'Welcome, latecomer' })).status, 200);
    const token = await api.joinToken(room, 'late');
    const { tab, errors } = await open('late', '<main></main>');
    await tab.evaluate(() => new Promise((r) => setTimeout(r, 200)));
    assert.equal(
      await tab.evaluate(() => customElements.get('room-chat') !== undefined),
      false,
      'nothing defined for an empty page',
    );
    await tab.evaluate((t) => {
      const chat = document.createElement('room-chat') as HTMLElement & { token: string };
      chat.token = t;
      document.querySelector('main')!.append(chat);
    }, token);
    await tab.locator('room-chat').getByText('Welcome, latecomer').waitFor();
    assert.equal(
      await tab.evaluate(() => (document.querySelector('room-chat') as unknown as { token: string }).token),
      token,
    );
    assert.deepEqual(errors, []);
    await tab.close();
  });

  it('RoomWidgets.load() defines an element inside a shadow root the script cannot see', async () => {
    const room = 'files-shadow';
    assert.equal((await api.createRoom(room, {}, { welcome_message: 'Welcome, shadow' })).status, 200);
    const token = await api.joinToken(room, 'shadowed');
    const { tab, errors } = await open('shadow', '<div id="app"></div>');
    await tab.evaluate((t) => {
      const root = document.getElementById('app')!.attachShadow({ mode: 'open' });
      root.innerHTML = `<room-chat token="${t}"></room-chat>`;
    }, token);
    await tab.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    assert.equal(
      await tab.evaluate(() => customElements.get('room-chat') !== undefined),
      false,
      'not seen inside a shadow root',
    );
    const load = (tag: string) =>
      tab.evaluate(
        (t) =>
          (window as unknown as { RoomWidgets: { load(...tags: string[]): Promise<unknown> } }).RoomWidgets.load(
            t,
          ).then(
            () => 'ok',
            (e: Error) => `${e.name}: ${e.message}`,
          ),
        tag,
      );
    assert.equal(await load('chat'), 'TypeError: room-widgets has no element <chat>');
    assert.equal(await load('room-chat'), 'ok');
    await tab.locator('#app room-chat').getByText('Welcome, shadow').waitFor();
    assert.deepEqual(errors, []);
    await tab.close();
  });

  it('an element file that cannot load is reported as feature_unavailable, and the next element added loads it', async () => {
    const room = 'files-refused';
    assert.equal((await api.createRoom(room, {}, { welcome_message: 'Welcome, second try' })).status, 200);
    const token = await api.joinToken(room, 'unlucky');
    refused.add('/room-widgets-chat.js');
    try {
      pages['/refused.html'] = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>refused</title>
<script>window.reported = []; document.addEventListener('room-error', (e) => reported.push(e.detail));</script>
<script src="/room-widgets.js"></script></head><body><room-chat token="${token}"></room-chat></body></html>`;
      const tab = await browser.newPage();
      await tab.goto(`${url}/refused.html`);
      await tab.waitForFunction(() => (window as unknown as { reported: unknown[] }).reported.length > 0);
      const [report] = await tab.evaluate(
        () => (window as unknown as { reported: Array<{ code: string; message: string }> }).reported,
      );
      assert.equal(report!.code, 'feature_unavailable');
      assert.match(report!.message, /room-widgets-chat\.js/);
      refused.clear();
      await tab.evaluate((t) => {
        const chat = document.createElement('room-chat');
        chat.setAttribute('token', t);
        document.body.append(chat);
      }, token);
      await tab.locator('room-chat').first().getByText('Welcome, second try').waitFor();
      assert.equal(
        await tab.locator('room-chat').nth(1).getByText('Welcome, second try').count(),
        1,
        'both chats show the room',
      );
      await tab.close();
    } finally {
      refused.clear();
    }
  });
});
