import { WebSocket, XHR } from 'socket.io-client';
import { loadScript, scriptBase } from './load-script.ts';

type TransportClass = typeof WebSocket | typeof XHR;

/** Set to `true` by the classic script's build only (vite.config.ts), which leaves the polling transport out. */
declare const __RW_POLLING_ON_DEMAND__: boolean | undefined;
const pollingOnDemand = typeof __RW_POLLING_ON_DEMAND__ === 'boolean' && __RW_POLLING_ON_DEMAND__;

/** The global that dist/room-widgets-polling.js (engine.io-client's XHR polling, built on its own) defines. */
interface PollingScript {
  XHR: typeof XHR;
}

const loadPolling = () => {
  const w = window as unknown as { RoomWidgetsPolling?: PollingScript };
  return loadScript(
    new URL('room-widgets-polling.js', scriptBase ?? location.href).href,
    () => w.RoomWidgetsPolling?.XHR,
  );
};

/**
 * The transports of one connection: WebSocket first, then HTTP long-polling when WebSocket cannot open (a proxy that
 * drops upgrades). The ES build, for bundlers, lists both. The classic script ships only WebSocket and loads the
 * polling file the first time WebSocket fails to open; the list it returns is live, and socket.io's Manager hands
 * that same list to every reconnection attempt, so the next attempt tries WebSocket and then polling.
 */
export function connectionTransports(): TransportClass[] {
  if (!pollingOnDemand) return [WebSocket, XHR];
  const list: TransportClass[] = [];
  class WebSocketThenPolling extends WebSocket {
    protected override onError(reason: string, description: unknown, context?: unknown): this {
      if (this.readyState === 'opening') {
        loadPolling().then(
          (polling) => list.includes(polling) || list.push(polling),
          () => undefined,
        );
      }
      return super.onError(reason, description, context);
    }
  }
  list.push(WebSocketThenPolling);
  return list;
}
