import type { FastifyBaseLogger } from 'fastify';
import type { RoomServer } from '../realtime/room-server.ts';

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

/** Widgets moved per second at most: every join costs the other processes work (history, participants). */
const MOVES_PER_SECOND = 200;

/**
 * The announcement takes a fifth of the grace time, at most 2 s. The move takes as long, or longer when there are
 * many widgets (MOVES_PER_SECOND), up to 40% of the grace time. Widgets not yet moved keep receiving messages
 * meanwhile, so a slower move costs them nothing. The rest of the grace is for requests and webhooks.
 */
export function phasesOf(graceMs: number, widgets: number): DrainPhases {
  const phase = Math.min(2000, Math.floor(graceMs / 5));
  const moveMs = Math.min(Math.floor(graceMs * 0.4), Math.max(phase, Math.ceil((widgets * 1000) / MOVES_PER_SECOND)));
  return { announceMs: phase, moveMs };
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
  drain.begin();
  const widgets = io.of('/').sockets.size;
  const { announceMs, moveMs } = phasesOf(graceMs, widgets);
  log.info({ widgets, graceMs, announceMs, moveMs }, 'draining: readiness is false and new widgets are refused');
  if (widgets > 0) await sleep(announceMs);
  const moved = await moveWidgets(io, moveMs);
  onMoved(moved);
  log.info({ moved }, 'draining: widgets asked to reconnect to another process');
  await close();
}
