// One load-generator process: connects its share of clients, records every delivery, reports on request.
import { io, type Socket } from 'socket.io-client';

interface Assignment {
  url: string;
  clients: Array<{ id: number; token: string }>;
}

const received: Array<[number, string, number]> = []; // [client id, call id, receive time ms]
const sockets: Socket[] = [];
const now = () => performance.timeOrigin + performance.now();

async function start({ url, clients }: Assignment) {
  let connected = 0;
  let failed = 0;
  // Connect in small batches: 2,000 handshakes at once would measure the handshake storm, not delivery.
  for (let i = 0; i < clients.length; i += 50) {
    await Promise.all(
      clients.slice(i, i + 50).map(
        ({ id, token }) =>
          new Promise<void>((resolve) => {
            const s = io(url, { auth: { token }, transports: ['websocket'], reconnection: true, forceNew: true, timeout: 20_000 });
            sockets.push(s);
            s.on('message', (m: { text: string }) => {
              const call = /^load:(\S+)/.exec(m.text)?.[1];
              if (call) received.push([id, call, now()]);
            });
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

process.on('message', (msg: { type: string; assignment?: Assignment }) => {
  if (msg.type === 'start') void start(msg.assignment!);
  if (msg.type === 'finish') {
    for (const s of sockets) s.disconnect();
    process.send!({ type: 'results', received }, () => process.exit(0));
  }
});
