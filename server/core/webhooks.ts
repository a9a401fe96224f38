import type { Self, Sender } from '../../src/core/protocol.ts';
import { loggableUrl } from '../ops/logging.ts';
import type { RoomRecord } from './rooms.ts';

export type RoomEvent =
  | 'room_started'
  | 'room_finished'
  | 'participant_joined'
  | 'participant_left'
  | 'message_deleted'
  /** Issue 29: `detail` is `{ message_id, text }`. */
  | 'message_edited'
  /** Issue 29: `detail` is `{ action: 'pin', message_id, pinned }`. */
  | 'message_pinned'
  /** Issue 29: `detail` is the admin's action (`lock_chat`, `mute`, `slow_mode`, `clear`) with its fields. */
  | 'chat_moderated';

/** `message_deleted`: which message went, whose it was; `participant` is who deleted it. */
export interface DeletedMessage {
  message_id: string;
  author: Sender | null;
  by_admin: boolean;
}

export interface RoomEventPayload {
  room: RoomRecord;
  participant?: Self;
  deleted?: DeletedMessage;
  /** What changed (issue 29's events); absent `participant`: the room server's backend API made the change. */
  detail?: Record<string, unknown>;
}

/** One product's webhook: where an event of a room goes, and its body and headers in that product's format. */
export interface WebhookFormat {
  readonly name: string;
  urlFor(room: RoomRecord): string | null;
  render(
    event: RoomEvent,
    payload: RoomEventPayload,
  ): Promise<{ body: string; headers: Record<string, string> } | null>;
}

/** `rejected`: the receiver answered with a non-2xx status (or redirected); `failed`: no answer (network, timeout). */
export type WebhookOutcome = 'delivered' | 'rejected' | 'failed';

export interface WebhookLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Best-effort webhooks in each dialect's format. `send` returns at once: delivery to the room never waits for a
 * receiver, and a slow or dead receiver only costs a request that times out. Redirects are not followed (a 3xx is
 * a failed delivery): a signed event must reach the URL it was configured for, nowhere else.
 */
export class WebhookSender {
  readonly #inFlight = new Set<Promise<void>>();
  /** Told how each webhook ended (the metrics count them). */
  onSettled?: (event: RoomEvent, outcome: WebhookOutcome) => void;
  constructor(
    private readonly formats: WebhookFormat[],
    private readonly log: WebhookLogger,
    private readonly timeoutMs = 5000,
  ) {}

  send(event: RoomEvent, payload: RoomEventPayload): void {
    for (const format of this.formats) {
      const url = format.urlFor(payload.room);
      if (url) this.#track(this.#deliver(format, url, event, payload));
    }
  }

  async #deliver(format: WebhookFormat, url: string, event: RoomEvent, payload: RoomEventPayload): Promise<void> {
    // A webhook URL may carry a secret in its query: logs get it without.
    const context = { url: loggableUrl(url), event, format: format.name };
    try {
      const rendered = await format.render(event, payload);
      if (!rendered) return;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...rendered.headers },
        body: rendered.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body?.cancel();
      if (res.status >= 300 && res.status < 400)
        this.log.warn({ ...context, status: res.status }, 'webhook receiver redirected: not delivered');
      else if (!res.ok) this.log.warn({ ...context, status: res.status }, 'webhook receiver answered with an error');
      this.onSettled?.(event, res.ok ? 'delivered' : 'rejected');
    } catch (error) {
      this.log.warn({ ...context, err: String(error) }, 'webhook not delivered');
      this.onSettled?.(event, 'failed');
    }
  }

  #track(request: Promise<void>): void {
    const tracked = request.finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  /** Lets a stopping server finish what it started. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
  }
}
