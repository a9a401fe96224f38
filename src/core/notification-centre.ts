import { Emitter } from './emitter.ts';
import { hostEvents } from './host-events.ts';
import type { NotificationLevel, RoomMessage } from './public-types.ts';
import type { RoomStore } from './store/room-store.ts';

/** One line of the notification centre. */
export interface CentreEntry {
  id: string;
  level: NotificationLevel;
  text: string;
  ts: number;
  /** Sent while this page was away (replayed from history), not shown live. */
  missed: boolean;
  read: boolean;
}

export interface CentreState {
  /** Newest first. */
  entries: CentreEntry[];
  unread: number;
}

const KEPT = 100;
/** A notification older than this when it arrives (a resume after a long gap) is listed as missed. */
const MISSED_AFTER = 60_000;

/**
 * This session's notifications for one room, shown and missed, newest first, with an unread count: framework-free,
 * one per room store, fed by the store (so a host with no widget on the page lists them too), so every
 * `<room-notifications>` of the room and the host see the same list and count. A notification whose
 * `room-notification` the host cancelled is not listed; the host's own `notify()` toasts are added by their element.
 */
export class NotificationCentre extends Emitter<{ change: CentreState }> {
  #state: CentreState = { entries: [], unread: 0 };

  constructor(store?: RoomStore) {
    super();
    if (!store) return;
    const list = (m: RoomMessage) =>
      m.kind === 'notification' &&
      hostEvents(store).shows(m.id) &&
      this.add(
        {
          // A backend's own id names one entry that each notification with that id replaces (as it does the toast).
          id: m.notificationId ? `backend:${m.notificationId}` : m.id,
          level: m.level ?? 'info',
          text: m.text,
          ts: m.ts,
          missed: Date.now() - m.ts > MISSED_AFTER,
        },
        !!m.notificationId,
      );
    store.snapshot.notifications.forEach(list);
    store.on('message', list);
  }

  get snapshot(): CentreState {
    return this.#state;
  }

  /** Calls `listener` now and after every change; returns the unsubscribe function. */
  subscribe(listener: (state: CentreState) => void): () => void {
    listener(this.#state);
    return this.on('change', listener);
  }

  /**
   * Lists a notification once (a second element of the same room adds nothing); `replace`: one with its id (a toast
   * updated in place) takes the listed one's place, unread again.
   */
  add(entry: Omit<CentreEntry, 'read'>, replace = false): void {
    const listed = this.#state.entries.filter((e) => e.id !== entry.id);
    if (listed.length < this.#state.entries.length && !replace) return;
    const entries = [{ ...entry, read: false }, ...listed].sort((a, b) => b.ts - a.ts).slice(0, KEPT);
    this.#set(entries);
  }

  markAllRead(): void {
    if (this.#state.unread > 0) this.#set(this.#state.entries.map((e) => (e.read ? e : { ...e, read: true })));
  }

  clear(): void {
    if (this.#state.entries.length > 0) this.#set([]);
  }

  #set(entries: CentreEntry[]): void {
    this.#state = { entries, unread: entries.filter((e) => !e.read).length };
    this.emit('change', this.#state);
  }
}

const centres = new WeakMap<RoomStore, NotificationCentre>();

/** The notification centre of a room's store (connect() creates it with the store): the host reads `unread` and subscribes here. */
export function notificationCentre(store: RoomStore): NotificationCentre {
  let centre = centres.get(store);
  if (!centre) centres.set(store, (centre = new NotificationCentre(store)));
  return centre;
}
