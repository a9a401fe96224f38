// A benchmark process holding many room clients; reports when each has received `expect` messages, and how late.
// The clients speak socket.io's wire protocol directly over `ws` (handshake, auth, ping/pong, events) and count
// message frames without decoding them: the server does its full work per client, while 1,000 clients fit in
// two processes on a 2-core machine without becoming the bottleneck being measured. A message whose text starts
// with `t:<send time>:` (ms since the epoch, performance.timeOrigin + performance.now()) adds a latency sample.
import { WebSocket } from 'ws';

interface ConnectRequest {
  type: 'connect';
  url: string;
  tokens: string[];
  /** `welcome`: the room server admitted the client; `connect`: socket.io's CONNECT answer (a bare server). */
  readyOn?: 'welcome' | 'connect';
  /** Open the clients at this rate, without waiting for earlier ones (a join storm); else 50 at a time. */
  perSecond?: number;
  /** Give up on clients not admitted by then (ms after the request). */
  deadlineMs?: number;
  /** Latency samples of these clients are reported under this name (e.g. which server process they are on). */
  group?: string;
  /** Time messages at one client in this many (all: 1); every client counts them. */
  sampleEvery?: number;
}

let sockets: WebSocket[] = [];
let counts: number[] = [];
let expect = Infinity;
let done = 0;
/** Clients open when `expect` was armed: one the server dropped under load cannot hold a round up forever. */
let live = 0;
let latencies: Record<string, number[]> = {};
let participantsEvents = 0;
let participantsBytes = 0;
/** Messages counted at every client (a batch counts each message in it). */
let delivered = 0;
let frames = 0;
let welcomeBytes = 0;

const now = () => performance.timeOrigin + performance.now();
const SENT_AT = /"text":"t:(\d+(?:\.\d+)?):/;
const SENT_AT_ALL = /"text":"t:(\d+(?:\.\d+)?):/g;
/** Each message of a batch has one `"id":` key (`user_id`, `room_id` and the like do not match). */
const MESSAGE_ID = Buffer.from('"id":');

function connectOne(
  url: string,
  token: string,
  index: number,
  readyOn: 'welcome' | 'connect',
  group: string,
  timed = true,
): Promise<number | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    sockets.push(ws);
    let admitted = false;
    ws.on('message', (data: Buffer) => {
      const head = data.toString('utf8', 0, 20);
      if (head.startsWith('42["participants"') || head.startsWith('42["presence"')) {
        participantsEvents++;
        participantsBytes += data.length;
      } else if (head.startsWith('42["messages"')) {
        // A batch (a busy room): each message in it counts, and is timed, as one.
        if (!admitted) return;
        let n = 0;
        for (let at = data.indexOf(MESSAGE_ID); at !== -1; at = data.indexOf(MESSAGE_ID, at + 5)) n++;
        delivered += n;
        frames++;
        if (timed) {
          const at = now();
          for (const sent of data.toString().matchAll(SENT_AT_ALL))
            (latencies[group] ??= []).push(at - Number(sent[1]));
        }
        const before = counts[index]!;
        counts[index] = before + n;
        if (before < expect && before + n >= expect && ++done === live) process.send!({ type: 'done' });
      } else if (head.startsWith('42["message"')) {
        if (!admitted) return;
        delivered++;
        frames++;
        if (timed) {
          const sent = SENT_AT.exec(data.toString());
          if (sent) (latencies[group] ??= []).push(now() - Number(sent[1]));
        }
        if (++counts[index]! === expect && ++done === live) process.send!({ type: 'done' });
      } else if (head.startsWith('0'))
        ws.send(`40${JSON.stringify({ token })}`); // engine.io open → socket.io connect
      else if (head === '2')
        ws.send('3'); // ping → pong
      else if (head.startsWith('42["welcome"') || (readyOn === 'connect' && head.startsWith('40'))) {
        if (head.startsWith('42["welcome"')) welcomeBytes = Math.max(welcomeBytes, data.length);
        admitted = true;
        resolve(now());
      } else if (head.startsWith('44')) resolve(null); // connect_error
    });
    ws.on('error', () => resolve(null));
  });
}

async function connectAll(msg: ConnectRequest) {
  const readyOn = msg.readyOn ?? 'welcome';
  const start = sockets.length;
  const open = (token: string, i: number) => {
    counts[start + i] = 0;
    return connectOne(
      msg.url,
      token,
      start + i,
      readyOn,
      msg.group ?? 'all',
      (start + i) % (msg.sampleEvery ?? 1) === 0,
    );
  };
  const admittedAt: Array<number | null> = [];
  const work = (async () => {
    if (msg.perSecond) {
      const pending: Array<Promise<void>> = [];
      for (let i = 0; i < msg.tokens.length; i++) {
        pending.push(open(msg.tokens[i]!, i).then((t) => void (admittedAt[i] = t)));
        await new Promise((r) => setTimeout(r, 1000 / msg.perSecond!));
      }
      await Promise.all(pending);
    } else {
      for (let i = 0; i < msg.tokens.length; i += 50) {
        const batch = msg.tokens
          .slice(i, i + 50)
          .map((token, j) => open(token, i + j).then((t) => void (admittedAt[i + j] = t)));
        await Promise.all(batch);
      }
    }
  })();
  const deadline = msg.deadlineMs
    ? new Promise((r) => setTimeout(r, msg.deadlineMs).unref())
    : new Promise(() => undefined);
  await Promise.race([work, deadline]);
  const times = admittedAt.filter((t): t is number => typeof t === 'number');
  process.send!({ type: 'ready', connected: times.length, lastAdmittedAt: times.length ? Math.max(...times) : null });
}

process.on(
  'message',
  (
    msg:
      | ConnectRequest
      | { type: 'expect'; expect: number }
      | { type: 'stats' }
      | { type: 'delivered' }
      | { type: 'close' },
  ) => {
    if (msg.type === 'connect') void connectAll(msg);
    if (msg.type === 'delivered') process.send!({ type: 'delivered', delivered, frames });
    if (msg.type === 'expect') {
      counts = counts.map(() => 0);
      done = 0;
      expect = msg.expect;
      live = sockets.filter((s) => s.readyState === WebSocket.OPEN).length;
      process.send!({ type: 'armed', live });
    }
    if (msg.type === 'stats') {
      process.send!({
        type: 'stats',
        latencies: Object.values(latencies).flat(),
        byGroup: latencies,
        participantsEvents,
        participantsBytes,
        delivered,
        frames,
        welcomeBytes,
        open: sockets.filter((s) => s.readyState === WebSocket.OPEN).length,
        below: counts.filter((c) => c < expect).length,
      });
      latencies = {};
      participantsEvents = 0;
      participantsBytes = 0;
      delivered = 0;
      frames = 0;
      welcomeBytes = 0;
    }
    if (msg.type === 'close') {
      for (const s of sockets) s.terminate();
      sockets = [];
      process.exit(0);
    }
  },
);

// The bench process gone (it failed or was killed): nothing is left holding clients.
process.on('disconnect', () => process.exit(0));
