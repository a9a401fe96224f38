// A TCP proxy on loopback between widgets and a room server that loses what the network loses: it can drop the
// server's answers while still carrying the client's writes (an acknowledgement lost in flight), cut every open
// connection, and refuse new ones until it is back. For tests of exactly-once writes with real sockets.
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { freePort } from './room-server-process.js';

export interface CuttingProxy {
  /** The URL widgets connect to. */
  url: string;
  /** From now on, nothing the server sends reaches the clients (their writes still reach the server). */
  silence(): void;
  /** Closes every open connection; with `down`, new ones are refused until `up()`. */
  cut(options?: { down?: boolean }): void;
  up(): void;
  /** Sends new connections to another server (a retry that lands on another process). */
  retarget(port: number): void;
  close(): Promise<void>;
}

export async function startCuttingProxy(targetPort: number): Promise<CuttingProxy> {
  const port = await freePort();
  const links = new Set<{ inbound: Socket; outbound: Socket; silent: boolean }>();
  let target = targetPort;
  let down = false;
  const server: Server = createServer((inbound) => {
    if (down) return void inbound.destroy();
    const outbound = tcpConnect(target, '127.0.0.1');
    const link = { inbound, outbound, silent: false };
    links.add(link);
    inbound.on('data', (chunk) => outbound.write(chunk));
    outbound.on('data', (chunk) => {
      if (!link.silent) inbound.write(chunk);
    });
    const end = () => {
      links.delete(link);
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('close', end).on('error', end);
    outbound.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    silence: () => links.forEach((link) => (link.silent = true)),
    cut(options = {}) {
      down = options.down ?? false;
      for (const link of links) {
        link.inbound.destroy();
        link.outbound.destroy();
      }
      links.clear();
    },
    up: () => void (down = false),
    retarget: (p) => void (target = p),
    close: () =>
      new Promise((resolve) => {
        for (const link of links) link.inbound.destroy();
        server.close(() => resolve());
      }),
  };
}
