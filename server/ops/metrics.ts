import { AsyncLocalStorage } from 'node:async_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RoomMessage, WelcomePayload } from '../../src/core/protocol.ts';
import type { RoomServer } from '../realtime/room-server.ts';
import { onEveryOutgoingEvent } from '../realtime/every-event.ts';

/** Which front door a message came in through; `widget` when a widget sent it over its socket. */
export type Dialect = 'plugnmeet' | 'hms' | 'rongcloud' | 'widget' | 'demo' | 'other';

const PREFIXES: Array<[string, Dialect]> = [
  ['/auth/', 'plugnmeet'],
  ['/v2/', 'hms'],
  ['/message/', 'rongcloud'],
  ['/demo-api/', 'demo'],
];

export function dialectOfUrl(url: string): Dialect {
  return PREFIXES.find(([prefix]) => url.startsWith(prefix))?.[1] ?? 'other';
}

/**
 * The dialect of the API call being handled, for the code it calls: the delivery core counts what it publishes
 * without every dialect having to say who it is.
 */
export const dialectContext = new AsyncLocalStorage<Dialect>();

export interface MetricSources {
  /** Widgets connected to this process. */
  localSockets(): number;
  /** Active rooms, shared by every process when Redis is used. */
  activeRooms(): Promise<string[]>;
  historySize(roomId: string): Promise<number>;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Every metric `/metrics` exposes (docs/operations.md lists them with their labels). */
export class RoomMetrics {
  readonly registry = new Registry();
  readonly published: Counter<'kind' | 'dialect'>;
  readonly delivered: Counter<'kind'>;
  readonly deliveryLatency: Histogram<'kind'>;
  readonly joins: Counter<'resumed' | 'gap'>;
  readonly refusals: Counter<'code' | 'during'>;
  readonly apiRequests: Counter<'dialect' | 'route' | 'status'>;
  readonly apiDuration: Histogram<'dialect' | 'route'>;
  readonly webhooks: Counter<'event' | 'outcome'>;
  readonly redisErrors: Counter;
  readonly moved: Counter;

  constructor(sources: MetricSources) {
    const registers = [this.registry];
    const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
      new Counter<L>({ name, help, labelNames, registers });
    const histogram = <L extends string>(name: string, help: string, labelNames: L[]) =>
      new Histogram<L>({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers });
    const gauge = (name: string, help: string, collect: (this: Gauge) => void | Promise<void>) =>
      new Gauge({ name, help, registers, collect });

    gauge('room_widgets_connected_widgets', 'Widgets connected to this process', function () {
      this.set(sources.localSockets());
    });
    gauge('room_widgets_rooms_active', 'Active rooms (shared by all processes with Redis)', async function () {
      this.set((await sources.activeRooms().catch(() => [])).length);
    });
    gauge('room_widgets_history_messages', 'Messages kept in the history of all active rooms', async function () {
      const ids = await sources.activeRooms().catch(() => []);
      const sizes = await Promise.all(ids.map((id) => sources.historySize(id).catch(() => 0)));
      this.set(sizes.reduce((a, b) => a + b, 0));
    });
    this.published = counter('room_widgets_messages_published_total', 'Messages published, by kind and dialect', [
      'kind',
      'dialect',
    ]);
    this.delivered = counter(
      'room_widgets_deliveries_total',
      'Live messages written to a widget connected to this process',
      ['kind'],
    );
    this.deliveryLatency = histogram(
      'room_widgets_delivery_latency_seconds',
      'From publish to the write to a widget socket',
      ['kind'],
    );
    this.joins = counter(
      'room_widgets_joins_total',
      'Widgets admitted (resumed with a sequence number; gap in the history)',
      ['resumed', 'gap'],
    );
    this.refusals = counter('room_widgets_refusals_total', 'Joins and widget chat sends refused, by code', [
      'code',
      'during',
    ]);
    this.apiRequests = counter('room_widgets_api_requests_total', 'HTTP requests by dialect, route and status', [
      'dialect',
      'route',
      'status',
    ]);
    this.apiDuration = histogram('room_widgets_api_request_duration_seconds', 'HTTP request duration', [
      'dialect',
      'route',
    ]);
    this.webhooks = counter(
      'room_widgets_webhooks_total',
      'Webhooks sent, by event and outcome (delivered, rejected, failed)',
      ['event', 'outcome'],
    );
    this.redisErrors = counter('room_widgets_redis_errors_total', 'Errors reported by the Redis client');
    this.moved = counter(
      'room_widgets_widgets_moved_total',
      'Widgets asked to reconnect elsewhere while this process drained',
    );
    collectDefaultMetrics({ register: this.registry });
  }

  /** Per-kind children, so a fan-out to thousands of sockets does not hash labels for each one. */
  readonly #perKind = new Map<
    string,
    { delivered: { inc(n?: number): void }; latency: { observe(v: number): void } }
  >();

  #forKind(kind: string) {
    let children = this.#perKind.get(kind);
    if (!children) {
      children = { delivered: this.delivered.labels(kind), latency: this.deliveryLatency.labels(kind) };
      this.#perKind.set(kind, children);
    }
    return children;
  }

  messagePublished(message: RoomMessage): void {
    this.published.inc({ kind: message.kind, dialect: dialectContext.getStore() ?? 'widget' });
  }

  /** Counts what reaches the widgets of this process, where it is written to their sockets. */
  observeSockets(io: RoomServer): void {
    // One listener for every socket (a closure per socket costs each idle widget about 70 B). A batch (`messages`,
    // a busy room) counts each message in it, with one latency sample per run of one kind (its oldest message's):
    // a sample per message and socket would cost a room of 5,000 more than the batch saves.
    const outgoing = (event: string, payload: unknown): void => {
      if (event === 'message') this.#deliveredNow(payload as RoomMessage, 1);
      else if (event === 'messages') {
        const list = payload as RoomMessage[];
        for (let from = 0, i = 1; i <= list.length; i++)
          if (i === list.length || list[i]!.kind !== list[from]!.kind) {
            this.#deliveredNow(list[from]!, i - from);
            from = i;
          }
      } else if (event === 'welcome') {
        const { resumed, gap } = payload as WelcomePayload;
        this.joins.inc({ resumed: String(resumed), gap: String(gap) });
      }
    };
    io.on('connection', (socket) => onEveryOutgoingEvent(socket, outgoing));
  }

  #deliveredNow({ kind, ts }: RoomMessage, count: number): void {
    const children = this.#forKind(kind);
    children.delivered.inc(count);
    children.latency.observe(Math.max(0, Date.now() - ts) / 1000);
  }
}
