// One load-generator process: connects its share of clients, records every delivery, reports on request.
// With `resume` (the rolling-restart mode) each client reconnects and resumes as the widget does, and what it
// records is what the widget would show: each message id once, in the order shown. `status` answers how many of
// them are welcomed right now (the chaos mode's measure of recovery after a kill).
import { io, type Socket } from 'socket.io-client';
import { ResumingClient } from '../test/resuming-client.ts';

interface Assignment {
  url: string;
  clients: Array<{ id: number; token: string }>;
  resume?: boolean;
}

/** [client id, call id, receive time ms, sequence number] */
type Receipt = [number, string, number, number | null];

const received: Receipt[] = [];
const sockets: Socket[] = [];
const resuming: ResumingClient[] = [];
/** Resuming clients welcomed since their last disconnect: what "recovered" means in the chaos report. */
const welcomed = new Set<number>();
/** Refusals with a code end a widget's reconnection for good (socket.io-client does not retry them). */
const refusedForGood: Record<string, number> = {};
const now = () => performance.timeOrigin + performance.now();
const callOf = (text: string) => /^load:(\S+)/.exec(text)?.[1];

function plainClient(url: string, id: number, token: string): Socket {
  const s = io(url, {
    auth: { token },
    transports: ['websocket'],
    reconnection: true,
    forceNew: true,
    timeout: 20_000,
  });
  const take = (m: { text: string; seq: number | null }) => {
    const call = callOf(m.text);
    if (call) received.push([id, call, now(), m.seq]);
  };
  s.on('message', take);
  // A flooded or large room's batch: the same as that many `message` events.
  s.on('messages', (list: Array<{ text: string; seq: number | null }>) => list.forEach(take));
  return s;
}

function resumingClient(url: string, id: number, token: string): Socket {
  const client = new ResumingClient(url, token, (m) => {
    const call = callOf(m.text);
    if (call) received.push([id, call, now(), m.seq]);
  });
  resuming.push(client);
  client.socket.on('welcome', () => welcomed.add(id));
  client.socket.on('disconnect', () => welcomed.delete(id));
  client.socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
    if (err.data?.code) refusedForGood[err.data.code] = (refusedForGood[err.data.code] ?? 0) + 1;
  });
  return client.socket;
}

async function start({ url, clients, resume }: Assignment) {
  let connected = 0;
  let failed = 0;
  // Connect in small batches: 2,000 handshakes at once would measure the handshake storm, not delivery.
  for (let i = 0; i < clients.length; i += 50) {
    await Promise.all(
      clients.slice(i, i + 50).map(
        ({ id, token }) =>
          new Promise<void>((resolve) => {
            const s = resume ? resumingClient(url, id, token) : plainClient(url, id, token);
            sockets.push(s);
            s.once('welcome', () => {
              connected++;
              resolve();
            });
            s.once('connect_error', () => {
              failed++;
              resolve();
            });
          }),
      ),
    );
  }
  process.send!({ type: 'ready', connected, failed });
}

/** What the rolling-restart report needs besides the receipts: how the clients were moved and came back. */
function reconnectStats() {
  const reasons: Record<string, number> = {};
  for (const c of resuming) for (const r of c.disconnects) reasons[r] = (reasons[r] ?? 0) + 1;
  return {
    disconnect_reasons: reasons,
    resumed_joins: resuming.reduce((a, c) => a + c.welcomes.filter((w) => w.resumed).length, 0),
    gaps: resuming.reduce((a, c) => a + c.welcomes.filter((w) => w.gap).length, 0),
    copies_dropped: resuming.reduce((a, c) => a + c.copiesDropped, 0),
    connected_at_end: sockets.filter((s) => s.connected).length,
    refused_for_good: refusedForGood,
  };
}

process.on('message', (msg: { type: string; assignment?: Assignment }) => {
  if (msg.type === 'start') void start(msg.assignment!);
  if (msg.type === 'status') process.send!({ type: 'status', welcomed: welcomed.size });
  if (msg.type === 'finish') {
    const stats = resuming.length > 0 ? reconnectStats() : undefined;
    for (const s of sockets) s.disconnect();
    process.send!({ type: 'results', received, stats }, () => process.exit(0));
  }
});
