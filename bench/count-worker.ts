// A benchmark process holding many socket.io clients in one room; reports when each has received `expect` messages.
import { io, type Socket } from 'socket.io-client';

let sockets: Socket[] = [];
let counts: number[] = [];
let expect = Infinity;
let done = 0;
let welcomed = 0;

process.on('message', async (msg: { type: string; url?: string; tokens?: string[]; expect?: number }) => {
  if (msg.type === 'connect') {
    sockets = [];
    counts = [];
    for (let i = 0; i < msg.tokens!.length; i += 50) {
      await Promise.all(
        msg.tokens!.slice(i, i + 50).map((token, j) => {
          const index = i + j;
          counts[index] = 0;
          const s = io(msg.url!, { auth: { token }, transports: ['websocket'], forceNew: true, timeout: 30_000 });
          sockets.push(s);
          s.on('message', () => {
            if (++counts[index]! === expect && ++done === sockets.length) process.send!({ type: 'done' });
          });
          return new Promise<void>((resolve) => {
            s.once('welcome', () => {
              welcomed++;
              resolve();
            });
            s.once('connect_error', (err) => {
              console.error(`bench client refused: ${err.message}`);
              resolve();
            });
          });
        }),
      );
    }
    process.send!({ type: 'ready', connected: welcomed });
  }
  if (msg.type === 'expect') {
    counts = counts.map(() => 0);
    done = 0;
    expect = msg.expect!;
    process.send!({ type: 'armed' });
  }
  if (msg.type === 'close') {
    for (const s of sockets) s.disconnect();
    process.exit(0);
  }
});
