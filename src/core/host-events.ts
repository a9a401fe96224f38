import { emit, type RoomEventMap } from '../events/events.ts';
import type { RoomStore } from './store/room-store.ts';

type PageWide =
  | 'room-chat-message'
  | 'room-reaction-change'
  | 'room-message-deleted'
  | 'room-mention'
  | 'room-message-edited'
  | 'room-pin-change'
  | 'room-custom-event'
  | 'room-notification';
type Held = { [K in PageWide]: [K, RoomEventMap[K]['detail']] }[PageWide];
/** A widget of the room, and which kind of events it is the natural source of. */
type Widget = [Element, 'chat' | 'notifications'];

/** A page where no widget ever mounts (a headless host) must not keep every event of the meeting. */
const MOST_HELD = 200;
/** Ids already told on this page: two stores of one room (two tokens) tell the host once. */
const told = new Set<string>();

/** The sender's JSON as sent: parsed here, after the connection's camelize (which leaves strings alone), so its keys are never renamed. */
function parseData(message: string): unknown {
  try {
    return JSON.parse(message);
  } catch {
    return message;
  }
}

/**
 * The page-wide events of one room (`room-chat-message`, `room-reaction-change`, `room-message-deleted`,
 * `room-mention`, `room-custom-event`, `room-notification`): the host hears each once per page, whichever widgets of
 * the room are mounted, and from one of them, so that listeners on an element (React's `onRoomMention`) hear it too;
 * a chat is preferred, a `<room-notifications>` for notifications. It listens from the room's first message (connect()
 * creates it with the store); what comes while no widget is mounted (the classic script still loading an element's
 * file) is held, and told in order when the first widget attaches.
 */
export class HostEvents {
  #widgets: Widget[] = [];
  #held: Held[] = [];
  /** Notifications whose `room-notification` the host cancelled: no toast, sound or listing anywhere. */
  readonly #vetoed = new Set<string>();

  constructor(private readonly store: RoomStore) {
    store.on('change', () => this.#vet());
    store.on('message', (m) => {
      if (m.kind === 'custom')
        this.#tell('room-custom-event', {
          type: m.type!,
          data: parseData(m.text),
          message: m.text,
          from: m.from,
          id: m.id,
          ts: m.ts,
          roomId: m.roomId,
        });
      if (m.kind === 'message_edited')
        this.#tell('room-message-edited', { id: m.id, messageId: m.edit!.messageId, text: m.edit!.text, from: m.from });
      const mod = m.moderation;
      if (mod?.action === 'pin')
        this.#tell('room-pin-change', {
          id: m.id,
          messageId: mod.messageId,
          pinned: mod.pinned,
          pins: mod.state.pins,
          by: m.from,
        });
      if (m.kind === 'notification')
        this.#tell('room-notification', {
          id: m.id,
          type: m.level ?? 'info',
          category: 'system',
          text: m.text,
          withSound: m.withSound === true,
          ts: m.ts,
        });
    });
    store.on('reaction', (d) => this.#tell('room-reaction-change', d));
    store.on('deleted', (d) => this.#tell('room-message-deleted', d));
    store.on('mention', (m) =>
      this.#tell('room-mention', {
        id: m.id,
        text: m.text,
        from: m.from,
        private: m.private,
        ts: m.ts,
        mentions: store.snapshot.mentions,
      }),
    );
  }

  /** A mounted widget of the room: it sends what was held, then what comes, while it is the first of its kind. */
  attach(widget: Element, kind: Widget[1]): void {
    this.#widgets.push([widget, kind]);
    const held = this.#held;
    this.#held = [];
    for (const [name, detail] of held) this.#tell(name, detail as never);
    this.#vet();
  }

  detach(widget: Element): void {
    this.#widgets = this.#widgets.filter(([w]) => w !== widget);
  }

  /** Whether a notification of the room may show: false once the host cancelled its `room-notification`. */
  shows(id: string): boolean {
    return !this.#vetoed.has(id);
  }

  #from(kind: Widget[1]): Element | undefined {
    return (this.#widgets.find(([, k]) => k === kind) ?? this.#widgets[0])?.[0];
  }

  #tell<K extends PageWide>(name: K, detail: RoomEventMap[K]['detail']): void {
    const widget = this.#from(name === 'room-notification' ? 'notifications' : 'chat');
    if (!widget) return void (this.#held.push([name, detail] as Held) > MOST_HELD && this.#held.shift());
    if (name === 'room-notification') {
      if (!emit(widget, name, detail, true)) this.#vetoed.add(detail.id);
    } else if (!told.has(detail.id)) {
      told.add(detail.id);
      if (told.size > 5000) told.delete(told.values().next().value as string);
      emit(widget, name, detail);
    }
  }

  /** Chat messages are offered to the host before any chat shows them; a cancelled one leaves every chat. */
  #vet(): void {
    const widget = this.#from('chat');
    if (!widget) return;
    for (const { message: m } of this.store.takeUnvetted()) {
      if (
        !emit(
          widget,
          'room-chat-message',
          {
            id: m.id,
            text: m.text,
            from: m.from,
            private: m.private,
            ts: m.ts,
            kind: m.kind === 'emoji' ? 'emoji' : 'chat',
          },
          true,
        )
      )
        this.store.remove(m.id);
    }
  }
}

const owners = new WeakMap<RoomStore, HostEvents>();

/** The host events of a room's store (created with it by connect()). */
export function hostEvents(store: RoomStore): HostEvents {
  let owner = owners.get(store);
  if (!owner) owners.set(store, (owner = new HostEvents(store)));
  return owner;
}
