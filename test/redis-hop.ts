// A TCP hop between a room server and its Redis that loses an answer, holds a command, silences the delivery-stream
// reads or refuses to connect: the faults of a Redis restart or a dying process, made exact, for tests with real
// processes. Commands are matched on their RESP bytes, one chunk at a time (loopback delivers each command whole).
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { freePort } from './room-server-process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The RESP bytes of a command's name and first argument, as node-redis writes them. */
export function resp(command: string, key: string): string {
  return `$${command.length}\r\n${command}\r\n$${Buffer.byteLength(key)}\r\n${key}\r\n`;
}

interface Rule {
  match: (chunk: Buffer) => boolean;
  /** What happens to the matched chunk instead of being forwarded. */
  act: (chunk: Buffer, outbound: Socket, link: Link) => void;
}

interface Link {
  inbound: Socket;
  outbound: Socket;
  answering: boolean;
  /** Sent an XREAD: the process's delivery-stream reader. */
  reader: boolean;
}

export async function redisHop(redisPort: number) {
  const port = await freePort();
  const links = new Set<Link>();
  let rule: Rule | null = null;
  let readsSilenced = false;

  const onConnection = (inbound: Socket) => {
    const outbound = tcpConnect(redisPort, '127.0.0.1');
    const link: Link = { inbound, outbound, answering: true, reader: false };
    links.add(link);
    inbound.on('data', (chunk: Buffer) => {
      if (chunk.includes('XREAD')) link.reader = true;
      if (rule?.match(chunk)) {
        const { act } = rule;
        rule = null;
        return act(chunk, outbound, link);
      }
      outbound.write(chunk);
    });
    outbound.on('data', (chunk) => link.answering && !(readsSilenced && link.reader) && inbound.write(chunk));
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
    inbound.on('close', () => {
      links.delete(link);
      outbound.destroy();
    });
    outbound.on('close', () => inbound.destroy());
  };
  let server: Server;
  const listen = async () => {
    server = createServer(onConnection);
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  };
  await listen();

  return {
    url: `redis://127.0.0.1:${port}`,
    /**
     * The next EVAL naming `text` reaches Redis, and its connection is cut once `published()` says Redis has run it,
     * before its answer gets back: the chaos run's Redis restart, made exact.
     */
    loseAnswer(text: string, published: () => Promise<boolean>) {
      rule = {
        match: (chunk) => chunk.includes('EVAL') && chunk.includes(text),
        act: (chunk, outbound, link) => {
          link.answering = false;
          outbound.write(chunk);
          void (async () => {
            const end = Date.now() + 10_000;
            while (!(await published()) && Date.now() < end) await sleep(20);
            link.inbound.destroy();
            outbound.destroy();
          })();
        },
      };
    },
    /**
     * Holds the `nth` next command whose bytes contain `bytes` (the ones before it pass); resolves once it is held,
     * to the function that sends it on.
     */
    hold(bytes: string, nth = 1): Promise<() => void> {
      let seen = 0;
      return new Promise((held) => {
        rule = {
          match: (chunk) => chunk.includes(bytes) && ++seen === nth,
          act: (chunk, outbound) => held(() => outbound.write(chunk)),
        };
      });
    },
    /** The delivery-stream reader's answers stop getting through: the process delivers nothing new live. */
    silenceStreamReads() {
      readsSilenced = true;
    },
    /** Refuses connections (and drops the open ones) until `open`: a process that reconnects later than others. */
    shut: () => {
      for (const link of links) link.inbound.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
    open: listen,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
