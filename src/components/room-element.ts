import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { connect, type RoomClient } from '../core/client.ts';
import { earlyKey, earlyMessages } from '../core/early-messages.ts';
import { hostEvents } from '../core/host-events.ts';
import type { RoomMessage, HandChange } from '../core/public-types.ts';
import type { PresenceChange, RoomState, UnreadCounts } from '../core/store/state.ts';
import { emit, type RoomEventMap } from '../events/events.ts';
import { isPresenting, onPresenting } from '../core/presenting.ts';

/** What a widget's live regions say: `all`, `direct` (private messages, mentions, errors) or `none` (errors). */
export type AnnounceMode = 'all' | 'direct' | 'none';

/** This copy's version, which `define()` reports when another copy already holds a tag. */
export const VERSION = '0.1.0';

const NO_UNREAD: UnreadCounts = { unread: 0, public: 0, private: 0 };

/**
 * What both elements share: `server`, `token`, `theme`, `locale`, a hold on the page-wide room for that server
 * and token (taken when connected to the document, let go when removed), the room's events, and `define()`. The
 * page-wide events (`room-custom-event`, the chat's and the notifications') come from src/core/host-events.ts, through
 * one mounted widget of the room.
 *
 * @event {RoomConnectionChangeEvent} room-connection-change - Detail `{ state }`: `connecting`, `connected`, `reconnecting`, `disconnected`. Also sent once when the element joins a room already open.
 * @event {RoomEndedEvent} room-ended - The room ended (also sent when the element joins a room that has ended). Detail `{ logoutUrl }`.
 * @event {RoomErrorEvent} room-error - A refused token, a refused message, or a malformed payload that was ignored. Detail `{ code, message }`.
 * @event {RoomUnreadChangeEvent} room-unread-change - The unread count changed. Detail `{ unread, public, private }`: chat messages from others no visible chat has shown yet.
 * @event {RoomCustomEvent} room-custom-event - A custom payload (100ms `custom_event`, a RongCloud custom message) arrived; once per page, from one widget of the room. Detail `{ type, data, message, from, id, ts, roomId }`.
 */
export class RoomElement extends LitElement {
  static version = VERSION;
  static override properties: PropertyDeclarations = {
    server: {},
    token: {},
    theme: { reflect: true },
    locale: {},
    density: { reflect: true },
    presenting: { type: Boolean, reflect: true },
    announce: {},
  };

  /** The room server's URL. Default: the origin the script was loaded from. */
  server: string | undefined;
  /** A join token of either dialect (plugNmeet `getJoinToken`, or a 100ms app token). */
  token: string | undefined;
  /** `light` or `dark`; unset follows the page's colour scheme. */
  theme: 'light' | 'dark' | undefined;
  /** BCP 47 locale for times and text; default: the page's. */
  locale: string | undefined;
  /** `compact`: tighter spacing and smaller avatars and controls (text keeps its size); unset: the default. */
  density: 'compact' | undefined;
  /**
   * The user is sharing their screen: previews and notifications show no private text, OS notifications wait, private
   * messages blur until hovered or focused; when it goes off, one summary says what came meanwhile. `setPresenting()`
   * turns it on for every widget of the page.
   */
  presenting = false;
  /**
   * What screen readers hear as it arrives: `all` (default), `direct` (private messages, mentions and errors), `none`
   * (errors only). Bursts are summarised ("5 new messages from 3 people") at most once every few seconds.
   */
  announce: AnnounceMode = 'all';

  /** The room this element shows, while it is in the document with a token. */
  protected client: RoomClient | null = null;
  #key = '';
  /** The early key whose kept messages this element has had (so that a second sync does not show them again). */
  #replayed = '';
  #off: Array<() => void> = [];
  #offPresenting: (() => void) | undefined;
  #wasPresenting = false;

  /** Defines the element under `tag` unless a tag is taken; warns when another copy of the widgets holds it. */
  static define(tag: string): void {
    const existing = customElements.get(tag) as { version?: string } | undefined;
    if (!existing) customElements.define(tag, this);
    else if (existing !== this)
      console.warn(
        `room-widgets ${VERSION}: <${tag}> is already defined by room-widgets ${existing.version ?? '(unknown)'}; keeping it.`,
      );
  }

  /** Unread chat messages from others: `{ unread, public, private }`. Read-only; see `markRead()`. */
  get unread(): UnreadCounts {
    return this.client?.store.snapshot.unread ?? NO_UNREAD;
  }

  /** Counts every chat message listed so far as read, for every view of this room. */
  markRead(): void {
    this.client?.markRead();
  }

  /** Where src/core/early-messages.ts keeps what reached this element's room before it was defined. */
  protected get earlyKey(): string {
    return earlyKey(this.localName, this.server, this.token ?? '');
  }

  /** This element or the page (`setPresenting`) is presenting. */
  protected get isPresenting(): boolean {
    return this.presenting || isPresenting();
  }

  /** Presenting (this element's or the page's) started or stopped. */
  protected presentingChanged(_on: boolean): void {}

  /** The room's state now, or null without a room. */
  protected get room(): RoomState | null {
    return this.client?.store.snapshot ?? null;
  }

  /** Dispatches a bubbling, composed event; returns false when a listener cancelled it. */
  protected emit<K extends keyof RoomEventMap>(
    name: K,
    detail: RoomEventMap[K]['detail'],
    cancelable = false,
  ): boolean {
    return emit(this, name, detail, cancelable);
  }

  /** A part loaded on demand (`import()`); one that cannot load is reported as `feature_unavailable` and gives null. */
  protected loadPart<T>(load: Promise<T>, what: string): Promise<T | null> {
    return load.catch((error: Error) => {
      this.emit('room-error', { code: 'feature_unavailable', message: `${what} could not load: ${error.message}` });
      return null;
    });
  }

  /** The store changed: render (an element may batch). */
  protected roomChanged(): void {
    this.requestUpdate();
  }

  /** Which page-wide events this element is the natural source of (src/core/host-events.ts). */
  protected readonly hostKind: 'chat' | 'notifications' = 'chat';

  /** A message arrived while this element held the room. */
  protected roomMessage(_message: RoomMessage): void {}

  /** Participants joined or left while this element held the room. */
  protected roomPresence(_change: PresenceChange): void {}

  /** Someone's hand went up or down while this element held the room. */
  protected roomHand(_change: HandChange): void {}

  override connectedCallback(): void {
    super.connectedCallback();
    this.#offPresenting = onPresenting(() => this.requestUpdate());
    this.#sync();
  }

  /** Moved within the page by `moveBefore()` (into a fullscreen element, say): it keeps its room and its state. */
  connectedMoveCallback(): void {}

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#offPresenting?.();
    this.#detach();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.isConnected) this.#sync();
    const presenting = this.isPresenting;
    if (presenting !== this.#wasPresenting) this.presentingChanged((this.#wasPresenting = presenting));
  }

  #sync(): void {
    const key = this.token ? `${this.server ?? ''}\n${this.token}` : '';
    if (key === this.#key) return;
    this.#detach();
    if (!this.token) return;
    this.#key = key;
    const client = connect({ server: this.server, token: this.token });
    this.client = client;
    const message = (m: RoomMessage) => this.roomMessage(m);
    const events = hostEvents(client.store);
    this.#off = [
      () => events.detach(this),
      client.on('change', () => this.roomChanged()),
      client.on('state', (state) => this.emit('room-connection-change', { state })),
      client.on('ended', (detail) => this.emit('room-ended', detail)),
      client.on('error', (detail) => this.emit('room-error', detail)),
      client.on('unread', (detail) => this.emit('room-unread-change', { ...detail })),
      client.on('message', message),
      client.on('presence', (change) => this.roomPresence(change)),
      client.on('hand', (change) => this.roomHand(change)),
    ];
    // An element joining a room that is already open still reports where it stands.
    // (A refused room is tried again by connect(), so its refusal comes back as it happens.)
    const { connection, ended } = client.store.snapshot;
    this.emit('room-connection-change', { state: connection });
    if (ended) this.emit('room-ended', ended);
    // What arrived while the classic script was still loading this element's file, once the first update has applied
    // the properties set before the element was defined (a toast's duration, `muted`); that is before it is let go.
    const early = this.earlyKey;
    const kept = early === this.#replayed ? [] : [...earlyMessages(early)];
    this.#replayed = early;
    // The host hears what came before any widget of the room was mounted, from this one.
    events.attach(this, this.hostKind);
    if (kept.length > 0) void this.updateComplete.then(() => this.client === client && kept.forEach(message));
    this.roomChanged();
  }

  #detach(): void {
    for (const off of this.#off) off();
    this.#off = [];
    this.client?.close();
    this.client = null;
    this.#key = '';
  }
}
