// A benchmark process holding many room clients; reports when each has received `expect` messages.
// The clients speak socket.io's wire protocol directly over `ws` (handshake, auth, ping/pong, events) and count
// message frames without decoding them: the server does its full work per client, while 1,000 clients fit in
// two processes on a 2-core machine without becoming the bottleneck being measured.
import { WebSocket } from 'ws';

let sockets: WebSocket[] = [];
let counts: number[] = [];
let expect = Infinity;
let done = 0;

function connectOne(url: string, token: string, index: number): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
    sockets.push(ws);
    let admitted = false;
    ws.on('message', (data) => {
      const frame = data.toString();
      if (frame.startsWith('0')) ws.send(`40${JSON.stringify({ token })}`); // engine.io open → socket.io connect
      else if (frame === '2') ws.send('3'); // ping → pong
      else if (frame.startsWith('42["welcome"')) {
        admitted = true;
        resolve(true);
      } else if (frame.startsWith('44')) resolve(false); // connect_error
      else if (frame.startsWith('42["message"') && admitted) {
        if (++counts[index]! === expect && ++done === sockets.length) process.send!({ type: 'done' });
      }
    });
    ws.on('error', () => resolve(false));
  });
}

process.on('message', async (msg: { type: string; url?: string; tokens?: string[]; expect?: number }) => {
  if (msg.type === 'connect') {
    let welcomed = 0;
    for (let i = 0; i < msg.tokens!.length; i += 50) {
      const batch = msg.tokens!.slice(i, i + 50).map((token, j) => {
        counts[i + j] = 0;
        return connectOne(msg.url!, token, i + j);
      });
      welcomed += (await Promise.all(batch)).filter(Boolean).length;
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
    for (const s of sockets) s.close();
    process.exit(0);
  }
});
