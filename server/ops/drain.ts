import type { FastifyBaseLogger } from 'fastify';
import type { RoomServer } from '../core/room-service.ts';

/** The message engine.io answers a refused handshake with (HTTP 403 for polling, 400 for a WebSocket upgrade). */
export const DRAINING_REFUSAL = 'server_draining';

/** Whether this process is on its way out: read by the readiness probe, the handshake check and every answer. */
export class Drain {
  #draining = false;

  get draining(): boolean {
    return this.#draining;
  }

  begin(): void {
    this.#draining = true;
  }
}

export interface DrainPhases {
  /** Readiness is already false; widgets stay until balancers have noticed, so they do not come straight back. */
  announceMs: number;
  /** Widgets are moved in batches over this long, so the other processes are not hit by every handshake at once. */
  moveMs: number;
}

/** Each phase takes at most a fifth of the grace time, and at most 2 s; the rest is for requests and webhooks. */
export function phasesOf(graceMs: number): DrainPhases {
  const phase = Math.min(2000, Math.floor(graceMs / 5));
  return { announceMs: phase, moveMs: phase };
}

const MOVE_BATCHES = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Asks every widget of this process to reconnect elsewhere by closing its transport. The client sees
 * `transport close`, reconnects by itself through the balancer and resumes from its last sequence number.
 * (A server-side `socket.disconnect()` would say `io server disconnect`, after which socket.io never reconnects.)
 */
export async function moveWidgets(io: RoomServer, overMs: number): Promise<number> {
  const sockets = [...io.of('/').sockets.values()];
  const batches = Math.min(sockets.length, MOVE_BATCHES);
  for (let b = 0; b < batches; b++) {
    for (let i = b; i < sockets.length; i += batches) sockets[i]!.conn.close();
    if (b < batches - 1) await sleep(overMs / batches);
  }
  return sockets.length;
}

export interface DrainDeps {
  drain: Drain;
  io: RoomServer;
  graceMs: number;
  log: FastifyBaseLogger;
  onMoved(count: number): void;
  /** Stops the servers once the widgets have gone: waits for requests in flight and queued webhooks. */
  close(): Promise<void>;
}

/** The shutdown sequence of docs/operations.md: not ready → widgets moved → requests and webhooks finished → closed. */
export async function drainAndClose({ drain, io, graceMs, log, onMoved, close }: DrainDeps): Promise<void> {
  const { announceMs, moveMs } = phasesOf(graceMs);
  drain.begin();
  const widgets = io.of('/').sockets.size;
  log.info({ widgets, graceMs }, 'draining: readiness is false and new widgets are refused');
  if (widgets > 0) await sleep(announceMs);
  const moved = await moveWidgets(io, moveMs);
  onMoved(moved);
  log.info({ moved }, 'draining: widgets asked to reconnect to another process');
  await close();
}
