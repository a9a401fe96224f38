import { ServerResponse } from 'node:http';
import type { RoomServer, RoomSocket } from './room-server.ts';

/**
 * engine.io (6.6) keeps the HTTP request that opened each connection for as long as the connection lives: on the
 * engine socket (`conn.request`, which socket.io reads once, to build the handshake) and, for a WebSocket upgrade,
 * through the stand-in response it gives its middlewares, which a `close` listener on the TCP socket holds. The
 * request (its headers, raw headers, query and stream state) is about 1.3 KiB of each idle widget that nothing reads
 * once the widget is admitted. socket.io's memory advice (`rawSocket.request = null` on the engine's `connection`)
 * frees nothing alone, because of the second path, and would come too early here: the handshake check reads the
 * origin header after it.
 *
 * The stand-in response is let go of its request once every middleware has run (this one is added last: after it,
 * engine.io reads the response headers from the request, never through the response), and the engine socket once
 * its widget is admitted (`releaseRequest`).
 */
export function releaseUpgradeRequests(io: RoomServer): void {
  io.engine.use((_req: unknown, res: object, next: () => void) => {
    if (!(res instanceof ServerResponse) && 'req' in res) (res as { req: unknown }).req = null;
    next();
  });
}

/** An admitted socket's request, which its handshake was built from: nothing reads it again. */
export function releaseRequest(socket: RoomSocket): void {
  (socket.conn as { request: unknown }).request = null;
}
