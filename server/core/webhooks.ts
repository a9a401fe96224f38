import { createHmac } from 'node:crypto';
import { loggableUrl } from '../ops/logging.ts';

export type WebhookEvent = 'room_started' | 'room_finished' | 'participant_joined' | 'participant_left';

/** `rejected`: the receiver answered with a non-2xx status; `failed`: no answer (network error, timeout). */
export type WebhookOutcome = 'delivered' | 'rejected' | 'failed';

export interface WebhookLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Best-effort signed webhooks. `send` returns at once: delivery to the room never waits for
 * a receiver, and a slow or dead receiver only costs a request that times out.
 */
export class WebhookSender {
  readonly #inFlight = new Set<Promise<void>>();
  /** Told how each webhook ended (the metrics count them). */
  onSettled?: (event: WebhookEvent, outcome: WebhookOutcome) => void;
  constructor(
    private readonly apiKey: string,
    private readonly apiSecret: string,
    private readonly log: WebhookLogger,
    private readonly timeoutMs = 5000,
  ) {}

  send(url: string | null, event: WebhookEvent, payload: Record<string, unknown>): void {
    if (!url) return;
    const body = JSON.stringify({ event, id: crypto.randomUUID(), created_at: Math.floor(Date.now() / 1000), ...payload });
    const signature = createHmac('sha256', this.apiSecret).update(body).digest('hex');
    const request = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'API-KEY': this.apiKey, 'HASH-SIGNATURE': signature },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    })
      .then((res) => {
        if (!res.ok) this.log.warn({ url: loggableUrl(url), event, status: res.status }, 'webhook receiver answered with an error');
        this.onSettled?.(event, res.ok ? 'delivered' : 'rejected');
        return res.body?.cancel();
      })
      .catch((error: unknown) => {
        this.log.warn({ url: loggableUrl(url), event, err: String(error) }, 'webhook not delivered');
        this.onSettled?.(event, 'failed');
      });
    const tracked = request.finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  /** Lets a stopping server finish what it started. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
  }
}
