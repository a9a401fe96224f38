// A round-robin TCP balancer on loopback that behaves like a real one in front of room servers: it polls each
// backend's /readyz and sends new connections only to ready backends; a backend that refuses the TCP connection
// is skipped for the next one. WebSocket needs no stickiness, so each connection may land anywhere.
import { createServer, connect as tcpConnect } from 'node:net';
import { freePort } from './room-server-process.js';

export async function startBalancer(ports, { intervalMs = 100 } = {}) {
  const port = await freePort();
  /** port → ready, as last probed. */
  const ready = new Map();
  let backends = [...ports];
  let next = 0;
  let closed = false;

  async function probe(p) {
    try {
      const res = await fetch(`http://127.0.0.1:${p}/readyz`, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      ready.set(p, res.status === 200);
    } catch {
      ready.set(p, false);
    }
  }
  const probeAll = () => Promise.all(backends.map(probe));
  await probeAll();
  const timer = setInterval(() => void probeAll(), intervalMs);

  function candidates() {
    const healthy = backends.filter((p) => ready.get(p));
    return healthy.length > 0 ? healthy : backends;
  }

  // Like HAProxy's `retry-on conn-failure empty-response` with `option redispatch`: until a backend has answered
  // a byte, the client's bytes are kept, and a backend that refuses or closes the connection is replaced by the
  // next one. A process that stops listening while draining never received those bytes, so a retry is safe.
  const server = createServer((inbound) => {
    const sent = [];
    /** The backend socket being tried; `live` once it is connected. */
    let outbound = null;
    let live = null;
    let answered = false;
    inbound.on('error', () => undefined);
    inbound.on('data', (chunk) => {
      if (!answered) sent.push(chunk);
      live?.write(chunk);
    });
    inbound.on('end', () => live?.end());
    inbound.on('close', () => outbound?.destroy());
    const order = candidates();
    const start = next++;
    const attempt = (i) => {
      if (i >= order.length || inbound.destroyed) return inbound.destroy();
      const socket = tcpConnect(order[(start + i) % order.length], '127.0.0.1');
      outbound = socket;
      live = null;
      socket.once('connect', () => {
        for (const chunk of sent) socket.write(chunk);
        live = socket;
        if (inbound.readableEnded) socket.end();
      });
      socket.on('data', (chunk) => {
        answered = true;
        sent.length = 0;
        inbound.write(chunk);
      });
      socket.on('end', () => answered && inbound.end());
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (socket !== outbound) return;
        if (!answered) return attempt(i + 1);
        inbound.destroy();
      });
    };
    attempt(0);
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    /** Replaces the backend list (a restarted process on a new port); new ports are used once they are ready. */
    async setBackends(list) {
      backends = [...list];
      await probeAll();
    },
    isReady: (p) => ready.get(p) === true,
    close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      server.close();
    },
  };
}
