import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { RoomMessage, Sender, WelcomePayload } from '../../core/protocol.ts';
import { segments } from '../../core/text.ts';
import { emit } from '../../events/events.ts';
import { RoomController, type RoomHost } from '../room-controller.ts';
import { themeStyles } from '../theme.ts';
import { chatStyles } from './room-chat.styles.ts';

type Entry =
  | { kind: 'message'; id: string; message: RoomMessage; status: 'sent' | 'pending' | 'failed'; error?: string; to?: string }
  | { kind: 'gap'; id: string };

const STATE_LABEL = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Connection lost. Reconnecting…',
  disconnected: 'Disconnected',
} as const;

let localIds = 0;

/** Messages in the DOM while the reader follows the latest; scrolling up (or "Show earlier") adds more. */
const WINDOW = 40;
/** A burst of messages renders at most once per this many ms; a lone message renders at once. */
const BATCH_MS = 32;

/**
 * The meeting's chat: public and private messages, system messages, reactions, the welcome message,
 * recent history on join, connection state, and a composer.
 *
 * @summary In-meeting chat connected to a room server.
 * @tag room-chat
 *
 * @event room-chat-message - A chat message or reaction is about to be shown. Cancelable: `preventDefault()` keeps it out of the list. Detail `{ id, text, from, private, ts, kind }`.
 * @event room-custom-event - A custom payload (100ms `custom_event`, a RongCloud custom message) arrived; once per page. Detail `{ type, data, message, from, id, ts, room_id }`.
 * @event room-connection-change - Detail `{ state }`: `connecting`, `connected`, `reconnecting`, `disconnected`.
 * @event room-ended - The room ended. Detail `{ logoutUrl }`.
 * @event room-error - A refused token, a refused message, or a malformed payload that was ignored. Detail `{ code, message }`.
 *
 * @csspart status - The connection state line.
 * @csspart log - The scrolling message list (`role="log"`).
 * @csspart message - Every message.
 * @csspart message-system - A message with no sender (from the server), and the welcome message.
 * @csspart message-private - A private message.
 * @csspart message-emoji - An emoji reaction.
 * @csspart message-pending - A message of yours the server has not confirmed yet.
 * @csspart message-failed - A message of yours the server refused or did not confirm.
 * @csspart message-author - The sender's name.
 * @csspart message-time - The time a message was sent.
 * @csspart message-private-mark - The "Private" label.
 * @csspart message-text - The message text.
 * @csspart message-link - A link in a message.
 * @csspart retry-button - Sends a failed message again.
 * @csspart gap - The marker where messages could not be recovered.
 * @csspart show-earlier - Shows older messages kept in memory (scrolling to the top does too).
 * @csspart new-messages - The "new messages" button shown while scrolled up.
 * @csspart composer - The form to write and send.
 * @csspart recipient - The "To" picker for private messages.
 * @csspart input - The text area.
 * @csspart send-button - The send button.
 * @csspart composer-notice - Why the composer is disabled, or why a message failed.
 *
 * @cssprop --room-background - Background.
 * @cssprop --room-foreground - Text colour.
 * @cssprop --room-muted - Secondary text.
 * @cssprop --room-border - Borders.
 * @cssprop --room-accent - Buttons and links.
 * @cssprop --room-accent-foreground - Text on the accent colour.
 * @cssprop --room-system-background - System messages.
 * @cssprop --room-private-background - Private messages.
 * @cssprop --room-radius - Corner radius.
 * @cssprop --room-spacing - Spacing between messages.
 * @cssprop --room-font-family - Font.
 * @cssprop --room-font-size - Font size.
 * @cssprop --room-focus-ring - Focus outline colour.
 */
export class RoomChat extends LitElement implements RoomHost {
  static override styles = [themeStyles, chatStyles];

  /** The room server's URL. Default: the origin the script was loaded from. */
  @property() server: string | undefined;
  /** A join token of either dialect (plugNmeet `getJoinToken`, or a 100ms app token). */
  @property() token: string | undefined;
  /** Messages kept in the list; older ones are dropped from view. */
  @property({ type: Number, attribute: 'max-messages' }) maxMessages = 500;
  /** `light` or `dark`; unset follows the page's colour scheme. */
  @property({ reflect: true }) theme: 'light' | 'dark' | undefined;
  /** BCP 47 locale for times; default: the page's. */
  @property() locale: string | undefined;

  @state() private entries: Entry[] = [];
  @state() private unread = 0;
  @state() private recipient = '';
  @state() private notice = '';
  @state() private windowSize = WINDOW;

  @query('.log') private log!: HTMLElement;
  @query('textarea') private input!: HTMLTextAreaElement;

  readonly #room = new RoomController(this);
  #atBottom = true;
  #timeFormat: Intl.DateTimeFormat | null = null;
  #pending: Entry[] = [];
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #lastFlush = 0;
  /** Scroll height before older messages were added above, to keep the reader's place. */
  #anchor: number | null = null;

  /** Sends a public message, or a private one when `to` is a participant's user_id. */
  async send(text: string, to?: string): Promise<boolean> {
    const connection = this.#room.connection;
    const self = connection?.welcome?.self;
    if (!connection || !self || text.trim() === '') return false;
    const local: Entry = {
      kind: 'message',
      id: `local-${++localIds}`,
      status: 'pending',
      to,
      message: { id: '', room_id: '', seq: null, ts: Date.now(), kind: 'chat', from: self, private: to !== undefined, text },
    };
    this.#appendNow(local);
    const ack = await connection.send(text, to);
    const index = this.entries.indexOf(local);
    if (ack.ok) {
      // The server's copy may already be listed, or waiting in the batch: keep exactly one.
      this.#pending = this.#pending.filter((e) => e.id !== ack.message.id);
      const echoed = this.entries.some((e) => e.id === ack.message.id);
      this.entries = echoed ? this.entries.filter((e) => e !== local) : this.entries.map((e) => (e === local ? { ...local, id: ack.message.id, message: ack.message, status: 'sent' } : e));
      return true;
    }
    if (index >= 0) this.entries = this.entries.map((e) => (e === local ? { ...local, status: 'failed', error: ack.message } : e));
    this.notice = ack.message;
    emit(this, 'room-error', { code: ack.code, message: ack.message });
    return false;
  }

  roomWelcome(welcome: WelcomePayload): void {
    if (welcome.resumed && welcome.gap) this.#appendNow({ kind: 'gap', id: `gap-${welcome.seq}-${Date.now()}` });
  }

  roomMessage(message: RoomMessage): void {
    if (message.kind !== 'chat' && message.kind !== 'emoji') return;
    if (this.entries.some((e) => e.id === message.id) || this.#pending.some((e) => e.id === message.id)) return;
    const allowed = emit(
      this,
      'room-chat-message',
      { id: message.id, text: message.text, from: message.from, private: message.private, ts: message.ts, kind: message.kind },
      { cancelable: true },
    );
    if (allowed) this.#enqueue({ kind: 'message', id: message.id, message, status: 'sent' });
  }

  /** Incoming messages are batched: a flood renders a few times a second, not once per message. */
  #enqueue(entry: Entry): void {
    this.#pending.push(entry);
    if (this.#flushTimer || this.#pending.length > 1) return;
    const wait = this.#lastFlush + BATCH_MS - performance.now();
    // A lone message renders in this task (no timer, which a background tab would throttle); a burst waits.
    if (wait <= 0) queueMicrotask(() => this.#flush());
    else this.#flushTimer = setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    this.#lastFlush = performance.now();
    const added = this.#pending;
    this.#pending = [];
    this.#append(...added);
  }

  #append(...added: Entry[]): void {
    if (added.length === 0) return;
    const next = this.entries.concat(added);
    this.entries = next.length > this.maxMessages ? next.slice(next.length - this.maxMessages) : next;
    if (this.#atBottom) this.windowSize = WINDOW;
    else this.unread += added.length;
  }

  /** Adds an entry of this widget's own after whatever is still waiting, so the order stays true. */
  #appendNow(entry: Entry): void {
    this.#pending.push(entry);
    this.#flush();
  }

  #showEarlier(): void {
    if (this.windowSize >= this.entries.length) return;
    this.#anchor = this.log.scrollHeight - this.log.scrollTop;
    this.windowSize += WINDOW;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.log) return;
    if (this.#anchor !== null) {
      this.log.scrollTop = this.log.scrollHeight - this.#anchor;
      this.#anchor = null;
    } else if (changed.has('entries' as keyof RoomChat) && this.#atBottom) {
      this.log.scrollTop = this.log.scrollHeight;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.#pending.length > 0) this.#flush();
  }

  #onScroll(): void {
    const log = this.log;
    this.#atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    if (this.#atBottom) this.unread = 0;
    if (log.scrollTop < 40 && !this.#atBottom) this.#showEarlier();
  }

  #jumpToLatest(): void {
    this.log.scrollTop = this.log.scrollHeight;
    this.#atBottom = true;
    this.unread = 0;
    this.input?.focus();
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#submit();
    }
  }

  #submit(event?: Event): void {
    event?.preventDefault();
    const text = this.input.value;
    if (text.trim() === '' || this.#disabledReason()) return;
    this.input.value = '';
    this.notice = '';
    void this.send(text, this.recipient || undefined);
  }

  #retry(entry: Extract<Entry, { kind: 'message' }>): void {
    this.entries = this.entries.filter((e) => e !== entry);
    void this.send(entry.message.text, entry.to);
  }

  #disabledReason(): string {
    const c = this.#room.connection;
    const welcome = c?.welcome;
    if (!c || !welcome) return 'Connecting to the room…';
    if (c.ended) return 'The meeting has ended.';
    if (c.state !== 'connected') return 'Not connected. Messages can be sent once the connection is back.';
    if (!welcome.room.features.chat) return 'Chat is turned off in this meeting.';
    const locks = welcome.room.locks;
    if (!welcome.self.is_admin && (locks.lock_chat || locks.lock_chat_send_message)) return 'The moderator has locked the chat.';
    return '';
  }

  #time(ts: number): string {
    this.#timeFormat ??= new Intl.DateTimeFormat(this.locale, { hour: '2-digit', minute: '2-digit' });
    return this.#timeFormat.format(ts);
  }

  #renderText(text: string) {
    return segments(text).map((s) =>
      s.href ? html`<a part="message-link" href=${s.href} target="_blank" rel="noopener noreferrer nofollow ugc">${s.text}</a>` : s.text,
    );
  }

  #author(from: Sender | null, selfId: string | undefined): string {
    if (!from) return 'System';
    return from.user_id === selfId ? `${from.name} (you)` : from.name;
  }

  #renderEntry(entry: Entry, selfId: string | undefined) {
    if (entry.kind === 'gap') {
      return html`<div part="gap" class="gap-marker" role="note">Some messages from while you were disconnected could not be recovered.</div>`;
    }
    const m = entry.message;
    const system = m.from === null;
    const parts = ['message', system && 'message-system', m.private && 'message-private', m.kind === 'emoji' && 'message-emoji', entry.status === 'pending' && 'message-pending', entry.status === 'failed' && 'message-failed'].filter(Boolean).join(' ');
    const classes = ['message', system && 'system', m.private && 'private', m.kind === 'emoji' && 'emoji', entry.status !== 'sent' && entry.status].filter(Boolean).join(' ');
    const privateLabel = m.to && m.from?.user_id === selfId ? `Private to ${m.to.name}` : 'Private';
    return html`<article part=${parts} class=${classes} aria-label=${m.kind === 'emoji' ? `${this.#author(m.from, selfId)} reacted` : nothing}>
      <div class="meta">
        <span part="message-author" class="author">${this.#author(m.from, selfId)}</span>
        <time part="message-time" datetime=${new Date(m.ts).toISOString()}>${this.#time(m.ts)}</time>
        ${m.private ? html`<span part="message-private-mark">${privateLabel}</span>` : nothing}
        ${entry.status === 'pending' ? html`<span>Sending…</span>` : nothing}
      </div>
      <p part="message-text" class="text" dir="auto">${this.#renderText(m.text)}</p>
      ${entry.status === 'failed'
        ? html`<span role="alert">Not sent: ${entry.error}</span><button part="retry-button" class="retry" type="button" @click=${() => this.#retry(entry)}>Retry</button>`
        : nothing}
    </article>`;
  }

  protected override render() {
    const c = this.#room.connection;
    const welcome = c?.welcome ?? null;
    const state = c?.state ?? 'disconnected';
    const selfId = welcome?.self.user_id;
    const reason = this.#disabledReason();
    const canPrivate = !!welcome && (welcome.self.is_admin || !welcome.room.locks.lock_private_chat);
    const others = (c?.participants ?? []).filter((p) => p.user_id !== selfId);
    const statusText = c?.ended ? 'The meeting has ended.' : this.token ? STATE_LABEL[state] : 'No join token';
    return html`
      <div part="status" class="status" data-state=${state} role="status">${statusText}</div>
      <div part="log" class="log" role="log" aria-live="polite" aria-label="Chat messages" tabindex="0" @scroll=${this.#onScroll}>
        ${welcome?.room.welcome_message
          ? html`<article part="message message-system" class="message system"><p part="message-text" class="text" dir="auto">${this.#renderText(welcome.room.welcome_message)}</p></article>`
          : nothing}
        ${this.entries.length > this.windowSize
          ? html`<button part="show-earlier" class="show-earlier" type="button" @click=${this.#showEarlier}>Show earlier messages</button>`
          : nothing}
        ${repeat(this.entries.slice(-this.windowSize), (e) => e.id, (e) => this.#renderEntry(e, selfId))}
      </div>
      <button part="new-messages" class="new-messages" type="button" ?hidden=${this.unread === 0} @click=${this.#jumpToLatest}>
        ${this.unread} new ${this.unread === 1 ? 'message' : 'messages'} ↓
      </button>
      <form part="composer" @submit=${this.#submit} aria-label="Send a message">
        ${canPrivate && others.length > 0
          ? html`<label class="to"
              >To
              <select part="recipient" .value=${this.recipient} @change=${(e: Event) => (this.recipient = (e.target as HTMLSelectElement).value)} ?disabled=${!!reason}>
                <option value="">Everyone</option>
                ${others.map((p) => html`<option value=${p.user_id} ?selected=${p.user_id === this.recipient}>${p.name} (private)</option>`)}
              </select></label
            >`
          : nothing}
        <textarea part="input" dir="auto" rows="1" aria-label=${this.recipient ? 'Private message' : 'Message'} aria-describedby="notice" placeholder=${reason ? '' : 'Write a message…'}
          ?disabled=${!!reason} @keydown=${this.#onKeydown}></textarea>
        <button part="send-button" class="send" type="submit" ?disabled=${!!reason}>Send</button>
        <p part="composer-notice" class="notice" id="notice" aria-live="polite">${reason || this.notice}</p>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'room-chat': RoomChat;
  }
}
