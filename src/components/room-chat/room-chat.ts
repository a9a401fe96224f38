import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { resolveServer } from '../../core/defaults.ts';
import { RoomRefusal, type RoomClient } from '../../core/client.ts';
import { claimOnce } from '../../core/defaults.ts';
import { earlyEvents } from '../../core/early-messages.ts';
import type { ChatSendAck, ErrorPayload, FileAttachment, Quote, Reaction, RoomMessage, Sender } from '../../core/protocol.ts';
import type { RoomStoreEvents } from '../../core/store/room-store.ts';
import type { ChatEntry, RoomState } from '../../core/store/state.ts';
import { segments } from '../../core/text.ts';
import { LocaleController } from '../../i18n/locale-controller.ts';
import { RoomElement } from '../room-element.ts';
import { themeStyles } from '../theme.ts';
import { formatSize, precheck, signedLink, uploadFile, type Upload } from './files.ts';
import { chatStyles } from './room-chat.styles.ts';

type MessageEntry = Extract<ChatEntry, { kind: 'message' }>;
type MenuModule = typeof import('./message-menu.ts');
type SuggestModule = typeof import('./mention-suggest.ts');
interface Suggesting {
  items: Array<{ user_id: string; name: string }>;
  active: number;
  /** Where the `@` is in the text. */
  start: number;
}
/** An `@` starting a word, and what follows it up to the caret. */
const MENTION_QUERY = /(?:^|\s)@([^\s@]{0,40})$/;


/** Messages in the DOM while the reader follows the latest; scrolling up (or "Show earlier") adds more. */
const WINDOW = 40;
/** A burst of messages renders at most once per this many ms; a lone message renders at once. */
const BATCH_MS = 32;

/**
 * The meeting's chat: public and private messages, system messages, reactions, the welcome message,
 * recent history on join, connection state, and a composer. It renders the page's room store, so a chat
 * mounted late, or again, shows the room as it is; every chat of a room on the page shows the same.
 *
 * @summary In-meeting chat connected to a room server.
 * @tag room-chat
 *
 * @event {RoomChatMessageEvent} room-chat-message - A chat message or reaction is about to be shown, once per page. Cancelable: `preventDefault()` keeps it out of every chat. Detail `{ id, text, from, private, ts, kind }`.
 * @event {RoomReactionChangeEvent} room-reaction-change - Someone's reaction to a message went on or off, once per page. Detail `{ id, message_id, emoji, on, from, reactions }`.
 * @event {RoomMessageDeletedEvent} room-message-deleted - A message was deleted (it is now a tombstone), once per page. Detail `{ id, message_id, by_admin, by }`.
 * @event {RoomMentionEvent} room-mention - A message from someone else mentions this user, once per page. Detail `{ id, text, from, private, ts, mentions }`.
 *
 * @csspart status - The connection state line, or why the chat could not join.
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
 * @csspart message-deleted - What is left of a deleted message: "Message deleted", and no text.
 * @csspart message-mention - A message from someone else that mentions you (with a "Mentions you" mark).
 * @csspart message-quote - A reply's quote of the original: its author and the start of its text; a click shows the original when it is loaded.
 * @csspart reactions - The reactions under a message (`role="group"`).
 * @csspart reaction - One emoji with the count of distinct users; `aria-pressed` when it is yours; its title names who reacted; a click toggles yours.
 * @csspart message-actions - The "⋯" button that opens a message's action menu.
 * @csspart message-menu - The action menu (`role="menu"`): reply, quick reactions, delete (your own, or any as an admin). Arrow keys move, Escape closes.
 * @csspart message-menu-item - An item of that menu.
 * @csspart reply-preview - Above the composer while replying: whom you reply to, and a cancel button.
 * @csspart reply-cancel - Stops replying.
 * @csspart mention-suggestions - The `@` suggestions (`role="listbox"`) while typing a mention: arrow keys move, Enter or Tab picks, Escape closes.
 * @csspart mention-option - One participant in that list.
 * @csspart message-link - A link in a message.
 * @csspart retry-button - Sends a failed message again.
 * @csspart gap - The marker where messages could not be recovered.
 * @csspart show-earlier - Shows older messages kept in memory (scrolling to the top does too).
 * @csspart new-messages - The "new messages" button shown while scrolled up.
 * @csspart composer - The form to write and send.
 * @csspart recipient - The "To" picker for private messages.
 * @csspart input - The text area.
 * @csspart send-button - The send button.
 * @csspart composer-notice - Why the composer is disabled, or why a message or file was refused.
 * @csspart attach-button - Picks files to share (shown when the room allows files); paste and drop onto the chat share too.
 * @csspart upload-progress - The progress bar of an upload under way (`<progress>`).
 * @csspart upload-cancel - Cancels that upload.
 * @csspart attachment - A shared file's card: name, size and type.
 * @csspart attachment-link - Downloads the file (a signed link that needs no token).
 * @csspart attachment-image - The thumbnail of a shared image (lazy, size-capped); opens the image in a tab.
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
export class RoomChat extends RoomElement {
  static override styles = [themeStyles, chatStyles];
  static override properties: PropertyDeclarations = {
    maxMessages: { type: Number, attribute: 'max-messages' },
    recipient: { state: true },
    notice: { state: true },
    windowSize: { state: true },
    below: { state: true },
    uploads: { state: true },
    menuFor: { state: true },
    replyTo: { state: true },
    suggesting: { state: true },
  };

  /** Messages kept in the list; older ones are dropped from view. */
  maxMessages = 500;

  private recipient = '';
  private notice = '';
  private windowSize = WINDOW;
  /** Entries added below while the reader is scrolled up. */
  private below = 0;
  private uploads: Upload[] = [];
  /** The message whose action menu is open. */
  private menuFor = '';
  /** The message the composer replies to. */
  private replyTo = '';
  private suggesting: Suggesting | null = null;
  #menu: MenuModule | null = null;
  #suggest: SuggestModule | null = null;
  #heard: RoomClient | null = null;
  #unhear: Array<() => void> = [];

  #received = 0;
  #atBottom = true;
  #visible = false;
  #observer: IntersectionObserver | null = null;
  readonly #i18n = new LocaleController(this);
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #queued = false;
  #lastFlush = 0;
  /** Scroll height before older messages were added above, to keep the reader's place. */
  #anchor: number | null = null;
  readonly #onVisibility = () => this.#readIfSeen();
  #uploadIds = 0;
  /** Signed download links by file id: `<img>` and a plain link cannot send the token. */
  readonly #links = new Map<string, { url?: string; expires: number }>();

  constructor() {
    super();
    this.addEventListener('dragover', (e) => e.dataTransfer?.types.includes('Files') && e.preventDefault());
    this.addEventListener('drop', (e) => {
      e.preventDefault();
      this.#sendFiles(e.dataTransfer?.files);
    });
  }

  /**
   * Unread messages from others that mention you (each also counted in `unread`, so `room-unread-change` fires
   * whenever this changes). Read-only; `markRead()` clears it.
   */
  get mentions(): number {
    return this.room?.mentions ?? 0;
  }

  private get log(): HTMLElement | null {
    return this.renderRoot.querySelector('.log');
  }

  /** Sends a public message, or a private one when `to` is a participant's user_id. */
  async send(text: string, to?: string): Promise<boolean> {
    if (!this.client || !this.room?.self || text.trim() === '') return false;
    return this.#settled(await this.client.send(text, to));
  }

  /**
   * Shares a file with the room, or privately with the participant `to` (a user_id): resolves with the file message,
   * rejects with the refusal `{ code, message }` (also shown by the composer and sent as `room-error`).
   */
  async sendFile(file: File, to?: string): Promise<RoomMessage> {
    const s = this.room;
    const server = resolveServer(this.server);
    const t = this.#i18n;
    const id = ++this.#uploadIds;
    try {
      const why = s?.room?.files ? precheck(file, s.room.files) : null;
      if (why === 'file_too_large') throw new RoomRefusal(why, t.t('chat.fileTooLarge', { size: formatSize(s!.room!.files!.max_size, t.locale) }));
      if (why) throw new RoomRefusal(why, t.serverText(`error.${why}`, 'files of this type cannot be shared here'));
      if (!s?.room || !this.token || !server) throw new RoomRefusal('room_not_active', t.t('chat.disabled.connecting'));
      const up = uploadFile(server, s.room.room_id, this.token, file, to, (loaded) => {
        this.uploads = this.uploads.map((u) => (u.id === id ? { ...u, loaded } : u));
      });
      this.uploads = [...this.uploads, { id, name: file.name, loaded: 0, total: file.size, abort: up.abort }];
      return await up.done;
    } catch (error) {
      if ((error as RoomRefusal).code !== 'upload_cancelled') this.#report(error as RoomRefusal);
      throw error;
    } finally {
      this.uploads = this.uploads.filter((u) => u.id !== id);
    }
  }

  /**
   * Replies to message `messageId` with `text`, quoting it (a reply to a private message stays with the same pair;
   * `to` makes a reply to a public one private). Resolves with the reply, rejects with the refusal `{ code, message }`
   * (also shown by the composer and sent as `room-error`).
   */
  reply(messageId: string, text: string, to?: string): Promise<RoomMessage> {
    return this.#act((c) => c.reply(messageId, text, to));
  }

  /** Turns your `emoji` reaction on message `messageId` on, or off when it is on. Resolves with the `reaction` message, rejects with the refusal. */
  react(messageId: string, emoji: string): Promise<RoomMessage> {
    return this.#act((c) => c.react(messageId, emoji));
  }

  /** Deletes message `messageId` for everyone: your own, or any as an admin. Resolves with the `message_deleted` message, rejects with the refusal (`not_allowed`). */
  deleteMessage(messageId: string): Promise<RoomMessage> {
    return this.#act((c) => c.deleteMessage(messageId));
  }

  async #act(run: (client: RoomClient) => Promise<RoomMessage>): Promise<RoomMessage> {
    try {
      if (!this.client) throw new RoomRefusal('room_not_active', 'not connected');
      return await run(this.client);
    } catch (error) {
      this.#report(error as RoomRefusal);
      throw error;
    }
  }

  /** The UI's own actions: the composer shows a refusal, nobody awaits them. */
  #quietly(action: Promise<unknown>): void {
    action.catch(() => {});
  }

  /**
   * The host hears of reactions, deletions and mentions once per page, from whichever chat holds the room, including
   * those that came while the classic script was loading this chat's file.
   */
  #hear(): void {
    for (const off of this.#unhear) off();
    const c = (this.#heard = this.client);
    if (!c) return void (this.#unhear = []);
    const hear: { [K in 'reaction' | 'deleted' | 'mention']: (value: RoomStoreEvents[K]) => void } = {
      reaction: (d) => claimOnce(d.id) && this.emit('room-reaction-change', d),
      deleted: (d) => claimOnce(d.id) && this.emit('room-message-deleted', d),
      mention: (m) =>
        claimOnce(`@${m.id}`) && this.emit('room-mention', { id: m.id, text: m.text, from: m.from, private: m.private, ts: m.ts, mentions: c.store.snapshot.mentions }),
    };
    this.#unhear = [c.on('reaction', hear.reaction), c.on('deleted', hear.deleted), c.on('mention', hear.mention)];
    for (const [name, value] of earlyEvents(this.earlyKey)) if (name !== 'message') (hear[name] as (value: unknown) => void)(value);
  }

  #sendFiles(files: FileList | null | undefined): void {
    // The composer shows a refusal; nobody else awaits these.
    for (const file of files ?? []) this.sendFile(file, this.recipient || undefined).catch(() => {});
  }

  /** The signed link of a file, fetched once and again when it nears its expiry; undefined until it arrives. */
  #link(f: FileAttachment): string | undefined {
    const known = this.#links.get(f.id);
    if (known && known.expires > Date.now() + 30_000) return known.url;
    const server = resolveServer(this.server);
    if (!server || !this.token || (known && !known.url)) return known?.url;
    this.#links.set(f.id, { ...known, expires: Infinity });
    signedLink(server, f.url, this.token).then(
      ({ url, expires_at }) => (this.#links.set(f.id, { url, expires: expires_at }), this.requestUpdate()),
      () => this.#links.delete(f.id),
    );
    return known?.url;
  }

  #settled(ack: ChatSendAck): boolean {
    if (ack.ok) return true;
    this.#report(ack);
    return false;
  }

  /** A refusal shows under the composer, in this chat's locale, and goes to the host as `room-error`. */
  #report({ code, message }: ErrorPayload): void {
    this.notice = this.#i18n.serverText(`error.${code}`, message);
    this.emit('room-error', { code, message });
  }

  protected override roomChanged(): void {
    if (this.client !== this.#heard) this.#hear();
    const store = this.client?.store;
    if (!store) return this.requestUpdate();
    store.limit = Math.max(store.limit, this.maxMessages);
    // Offered to the host once per page, in order, before any chat shows them.
    for (const e of store.takeUnvetted()) if (!this.#offer(e)) store.remove(e.id);
    const added = store.snapshot.received - this.#received;
    this.#received += added;
    if (this.#atBottom) this.windowSize = WINDOW;
    else this.below += added;
    // Only new messages are batched: a change of state (connected, refused, ended) shows at once.
    if (added > 0) this.#schedule();
    else this.requestUpdate();
  }

  #offer({ message: m }: MessageEntry): boolean {
    const kind = m.kind === 'emoji' ? 'emoji' : 'chat';
    return this.emit('room-chat-message', { id: m.id, text: m.text, from: m.from, private: m.private, ts: m.ts, kind }, true);
  }

  /** A flood renders a few times a second, not once per message; a lone message renders in this task. */
  #schedule(): void {
    if (this.#flushTimer || this.#queued) return;
    const wait = this.#lastFlush + BATCH_MS - performance.now();
    const flush = () => {
      this.#flushTimer = null;
      this.#queued = false;
      this.#lastFlush = performance.now();
      this.requestUpdate();
    };
    // No timer for a lone message: a background tab would throttle it.
    if (wait <= 0) {
      this.#queued = true;
      queueMicrotask(flush);
    } else this.#flushTimer = setTimeout(flush, wait);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#observer = new IntersectionObserver((entries) => {
      this.#visible = entries.at(-1)?.isIntersecting ?? false;
      this.#readIfSeen();
    });
    this.#observer.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#observer?.disconnect();
    this.#hear();
    this.#visible = false;
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
  }

  /** "Read" means shown: this chat is on screen, in a visible tab, and following the latest message. */
  #readIfSeen(): void {
    if (this.#visible && this.#atBottom && document.visibilityState === 'visible' && this.unread.unread > 0) this.markRead();
  }

  #showEarlier(): void {
    const log = this.log;
    if (!log || this.windowSize >= (this.room?.chat.length ?? 0)) return;
    this.#anchor = log.scrollHeight - log.scrollTop;
    this.windowSize += WINDOW;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const log = this.log;
    if (!log) return;
    if (this.#anchor !== null) {
      log.scrollTop = log.scrollHeight - this.#anchor;
      this.#anchor = null;
    } else if (this.#atBottom) {
      log.scrollTop = log.scrollHeight;
    }
    this.#readIfSeen();
  }

  #onScroll(): void {
    const log = this.log!;
    this.#atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    if (this.#atBottom) {
      this.below = 0;
      this.#readIfSeen();
    }
    if (log.scrollTop < 40 && !this.#atBottom) this.#showEarlier();
  }

  #jumpToLatest(): void {
    const log = this.log!;
    log.scrollTop = log.scrollHeight;
    this.#atBottom = true;
    this.below = 0;
    this.#readIfSeen();
    this.renderRoot.querySelector('textarea')?.focus();
  }

  #onKeydown(event: KeyboardEvent): void {
    const s = this.suggesting;
    const act = s && this.#suggest && !event.isComposing ? this.#suggest.suggestKey(event.key, s.active, s.items.length) : null;
    if (act === 'leave') this.suggesting = null;
    else if (act !== null) {
      event.preventDefault();
      if (act === 'pick') this.#pickMention(s!.items[s!.active]!);
      else this.suggesting = act === 'close' ? null : { ...s!, active: act };
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#submit();
    }
  }

  #submit(event?: Event): void {
    event?.preventDefault();
    const input = this.renderRoot.querySelector('textarea')!;
    const text = input.value;
    if (text.trim() === '' || !this.room || this.#disabledReason(this.room)) return;
    input.value = '';
    this.notice = '';
    this.suggesting = null;
    const quoted = this.replyTo ? this.client?.store.message(this.replyTo) : undefined;
    // Deleted meanwhile: its preview went, so the text goes as a plain message.
    const original = quoted?.deleted ? undefined : quoted;
    this.replyTo = '';
    // A reply to a private message goes to its own pair, whatever the "To" picker says.
    const to = original?.private ? undefined : this.recipient || undefined;
    if (original) this.#quietly(this.reply(original.id, text, to));
    else void this.send(text, to);
  }

  /** Offers participants when the word at the caret starts with `@`. The list's code loads on first use. */
  async #onInput(event: Event): Promise<void> {
    const input = event.target as HTMLTextAreaElement;
    const query = MENTION_QUERY.exec(input.value.slice(0, input.selectionStart));
    const selfId = this.room?.self?.user_id;
    const others = (this.room?.participants ?? []).filter((p) => p.user_id !== selfId);
    if (!query || others.length === 0) return void (this.suggesting = null);
    this.#suggest ??= await this.loadPart(import('./mention-suggest.ts'), 'the @ suggestions');
    if (!this.#suggest) return;
    const items = this.#suggest.matching(query[1]!, others);
    this.suggesting = items.length ? { items, active: 0, start: query.index + query[0].length - query[1]!.length - 1 } : null;
  }

  #pickMention(who: { name: string }): void {
    this.#suggest!.insertMention(this.renderRoot.querySelector('textarea')!, this.suggesting!.start, who.name);
    this.suggesting = null;
  }

  async #openMenu(id: string): Promise<void> {
    const menu = (this.#menu ??= await this.loadPart(import('./message-menu.ts'), 'the message menu'));
    if (!menu) return;
    this.menuFor = this.menuFor === id ? '' : id;
    if (!this.menuFor) return;
    await this.updateComplete;
    menu.focusFirst(this.renderRoot);
  }

  /** `refocus`: back to the menu's button (Escape, a reaction); the message itself when the button is gone. */
  async #closeMenu(refocus: boolean): Promise<void> {
    const id = this.menuFor;
    this.menuFor = '';
    if (!refocus) return;
    await this.updateComplete;
    const article = this.#article(id);
    (article?.querySelector<HTMLElement>('.more') ?? article)?.focus();
  }

  #article(id: string): HTMLElement | null {
    return this.renderRoot.querySelector(`[data-message-id="${CSS.escape(id)}"]`);
  }

  /** Shows the quoted original: widens the window when it is loaded but not rendered, scrolls to it, focuses it. */
  async #showOriginal(id: string): Promise<void> {
    const chat = this.room?.chat ?? [];
    const back = chat.length - chat.findIndex((e) => e.id === id);
    if (back > this.windowSize) {
      this.#atBottom = false;
      this.windowSize = back;
      await this.updateComplete;
    }
    const article = this.#article(id);
    if (!article) return;
    article.tabIndex = -1;
    article.scrollIntoView({ block: 'center' });
    article.focus({ preventScroll: true });
  }

  async #retry(entry: MessageEntry): Promise<void> {
    const ack = this.client?.retry(entry.id);
    if (ack) this.#settled(await ack);
  }

  #disabledReason(s: RoomState): string {
    const t = this.#i18n;
    if (s.ended) return t.t('chat.ended');
    if (s.refusal) return this.#refused(s.refusal);
    if (!s.self || !s.room) return t.t('chat.disabled.connecting');
    if (s.connection !== 'connected') return t.t('chat.disabled.offline');
    if (!s.room.features.chat) return t.t('chat.disabled.chatOff');
    const locks = s.room.locks;
    if (!s.self.is_admin && (locks.lock_chat || locks.lock_chat_send_message)) return t.t('chat.disabled.locked');
    return '';
  }

  #refused({ code, message }: ErrorPayload): string {
    return this.#i18n.t('chat.refused', { reason: this.#i18n.serverText(`error.${code}`, message) });
  }

  #renderText(text: string) {
    return segments(text).map((s) =>
      s.href ? html`<a part="message-link" href=${s.href} target="_blank" rel="noopener noreferrer nofollow ugc">${s.text}</a>` : s.text,
    );
  }

  #author(from: Sender | null, selfId: string | undefined): string {
    if (!from) return this.#i18n.t('chat.system');
    return from.user_id === selfId ? this.#i18n.t('chat.you', { name: from.name }) : from.name;
  }

  #renderEntry(entry: ChatEntry, selfId: string | undefined) {
    const t = this.#i18n;
    if (entry.kind === 'gap') return html`<div part="gap" class="gap-marker" role="note">${t.t('chat.gap')}</div>`;
    const m = entry.message;
    const system = m.from === null;
    const mention = !!selfId && m.from?.user_id !== selfId && !!m.mentions?.includes(selfId);
    // Each flag is a class and, prefixed, a part: `private` and `message-private`, `failed` and `message-failed`.
    const flags = [system && 'system', m.private && 'private', m.kind === 'emoji' && 'emoji', mention && 'mention', entry.status !== 'sent' && entry.status].filter(Boolean);
    const parts = ['message', ...flags.map((f) => `message-${f}`)].join(' ');
    const classes = ['message', ...flags].join(' ');
    const privateLabel = m.to && m.from?.user_id === selfId ? t.t('chat.privateTo', { name: m.to.name }) : t.t('chat.private');
    const actionable = entry.status === 'sent' && !system && !m.deleted && (m.kind === 'chat' || m.kind === 'file');
    return html`<article part=${parts} class=${classes} data-message-id=${m.id} aria-label=${m.kind === 'emoji' ? t.t('chat.reacted', { name: this.#author(m.from, selfId) }) : nothing}>
      <div class="meta">
        <span part="message-author" class="author">${this.#author(m.from, selfId)}</span>
        <time part="message-time" datetime=${new Date(m.ts).toISOString()}>${t.time(m.ts)}</time>
        ${m.private ? html`<span part="message-private-mark">${privateLabel}</span>` : nothing}
        ${entry.status === 'pending' ? html`<span>${t.t('chat.sending')}</span>` : nothing}
        ${mention ? html`<span class="mention-mark">${t.t('chat.mentioned')}</span>` : nothing}
        ${actionable
          ? html`<button part="message-actions" class="more" type="button" aria-haspopup="menu" aria-expanded=${this.menuFor === m.id ? 'true' : 'false'} aria-label=${t.t('chat.actions')}
              @click=${() => this.#openMenu(m.id)}>⋯</button>`
          : nothing}
      </div>
      ${actionable && this.menuFor === m.id && this.#menu ? this.#renderMenu(this.#menu, m, selfId) : nothing}
      ${m.reply_to ? this.#renderQuote(m.reply_to, selfId) : nothing}
      ${m.deleted
        ? html`<p part="message-deleted" class="text deleted">${t.t('chat.deleted')}</p>`
        : m.file
          ? this.#renderFile(m.file)
          : html`<p part="message-text" class="text" dir="auto">${this.#renderText(system ? t.serverText(m.text) : m.text)}</p>`}
      ${m.reactions?.length ? this.#renderReactions(m.id, m.reactions, selfId) : nothing}
      ${entry.status === 'failed'
        ? html`<span role="alert">${t.t('chat.notSent', { reason: entry.error ?? '' })}</span><button part="retry-button" class="retry" type="button" @click=${() => this.#retry(entry)}>${t.t('chat.retry')}</button>`
        : nothing}
    </article>`;
  }

  #renderQuote(q: Quote, selfId: string | undefined) {
    const body = html`<span class="author">${this.#author(q.from, selfId)}</span>
      <span class="excerpt" dir="auto">${q.deleted ? this.#i18n.t('chat.deleted') : q.excerpt}</span>`;
    return this.client?.store.message(q.id)
      ? html`<button part="message-quote" class="quote" type="button" @click=${() => this.#showOriginal(q.id)}>${body}</button>`
      : html`<div part="message-quote" class="quote">${body}</div>`;
  }

  #renderReactions(id: string, reactions: Reaction[], selfId: string | undefined) {
    const t = this.#i18n;
    return html`<div part="reactions" class="reactions" role="group" aria-label=${t.t('chat.reactions')}>
      ${reactions.map((r) => {
        const names = r.users.map((u) => u.name).join(', ');
        return html`<button part="reaction" class="reaction" type="button" aria-pressed=${r.users.some((u) => u.user_id === selfId) ? 'true' : 'false'} title=${names}
          aria-label=${t.t('chat.reactedBy', { emoji: `${r.emoji} ${r.count}`, names })} @click=${() => this.#quietly(this.react(id, r.emoji))}>${r.emoji} ${r.count}</button>`;
      })}
    </div>`;
  }

  /** The on-demand modules word their UI through this chat's locale. */
  readonly #t = (key: string, params?: Record<string, string>) => this.#i18n.t(key as 'chat.react', params as { emoji: string });

  #renderMenu(menu: MenuModule, m: RoomMessage, selfId: string | undefined) {
    return menu.renderMenu({
      t: this.#t,
      canReply: !this.#disabledReason(this.room!),
      canDelete: m.from?.user_id === selfId || !!this.room?.self?.is_admin,
      reply: () => {
        this.#closeMenu(false);
        this.replyTo = m.id;
        this.renderRoot.querySelector('textarea')?.focus();
      },
      react: (emoji) => {
        this.#closeMenu(true);
        this.#quietly(this.react(m.id, emoji));
      },
      delete: () => {
        this.#closeMenu(true);
        this.#quietly(this.deleteMessage(m.id));
      },
      close: (refocus) => this.#closeMenu(refocus),
    });
  }

  /** Only the menu starts a reply, so its module is loaded whenever `replyTo` is set. */
  #renderReplying(selfId: string | undefined) {
    const m = this.replyTo ? this.client?.store.message(this.replyTo) : undefined;
    if (!m || m.deleted || !this.#menu) return nothing;
    return this.#menu.renderReplying({ t: this.#t, name: this.#author(m.from, selfId), excerpt: m.file?.name ?? m.text, cancel: () => (this.replyTo = '') });
  }

  #renderFile(f: FileAttachment) {
    const url = this.#link(f);
    const t = this.#i18n;
    return html`<div part="attachment" class="attachment">
      ${f.inline && url
        ? html`<a href=${url} target="_blank" rel="noopener"><img part="attachment-image" src=${url} alt=${f.name} loading="lazy" /></a>`
        : nothing}
      <span class="file-name" dir="auto">${f.name}</span>
      <span class="file-meta">${formatSize(f.size, t.locale)} · ${f.type}</span>
      <a part="attachment-link" href=${url ?? nothing} download=${f.name} target="_blank" rel="noopener">${t.t('chat.download')}</a>
    </div>`;
  }

  protected override render() {
    const s = this.room;
    const state = s?.connection ?? 'disconnected';
    const selfId = s?.self?.user_id;
    const t = this.#i18n;
    const reason = s ? this.#disabledReason(s) : t.t('chat.disabled.connecting');
    const canPrivate = !!s?.self && (s.self.is_admin || !s.room?.locks.lock_private_chat);
    const others = (s?.participants ?? []).filter((p) => p.user_id !== selfId);
    const files = s?.room?.files;
    const canAttach = !reason && !!files?.enabled && (!files.locked || !!s?.self?.is_admin);
    const statusText = !this.token ? t.t('chat.status.noToken') : s?.ended ? t.t('chat.ended') : s?.refusal ? this.#refused(s.refusal) : t.t(`chat.status.${state}`);
    const entries = (s?.chat ?? []).slice(-Math.max(1, this.maxMessages));
    const welcome = s?.room?.welcome_message;
    return html`
      <div part="status" class="status" data-state=${state} role="status">${statusText}</div>
      <div part="log" class="log" role="log" aria-live="polite" aria-label=${t.t('chat.log')} tabindex="0" @scroll=${this.#onScroll}>
        ${welcome
          ? html`<article part="message message-system" class="message system"><p part="message-text" class="text" dir="auto">${this.#renderText(welcome)}</p></article>`
          : nothing}
        ${entries.length > this.windowSize
          ? html`<button part="show-earlier" class="show-earlier" type="button" @click=${this.#showEarlier}>${t.t('chat.showEarlier')}</button>`
          : nothing}
        ${repeat(entries.slice(-this.windowSize), (e) => e.id, (e) => this.#renderEntry(e, selfId))}
      </div>
      <button part="new-messages" class="new-messages" type="button" ?hidden=${this.below === 0} @click=${this.#jumpToLatest}>${t.t('chat.newMessages', { count: this.below })}</button>
      <form part="composer" @submit=${this.#submit} aria-label=${t.t('chat.composer')}>
        ${this.#renderReplying(selfId)}
        ${this.suggesting && this.#suggest
          ? this.#suggest.renderSuggestions({ t: this.#t, ...this.suggesting, pick: (c) => this.#pickMention(c) })
          : nothing}
        ${canPrivate && others.length > 0
          ? html`<label class="to"
              >${t.t('chat.to')}
              <select part="recipient" .value=${this.recipient} @change=${(e: Event) => (this.recipient = (e.target as HTMLSelectElement).value)} ?disabled=${!!reason}>
                <option value="">${t.t('chat.everyone')}</option>
                ${others.map((p) => html`<option value=${p.user_id} ?selected=${p.user_id === this.recipient}>${t.t('chat.recipientPrivate', { name: p.name })}</option>`)}
              </select></label
            >`
          : nothing}
        <textarea part="input" dir="auto" rows="1" aria-label=${t.t(this.recipient ? 'chat.inputPrivate' : 'chat.input')} aria-describedby="notice" placeholder=${reason ? '' : t.t('chat.placeholder')}
          aria-autocomplete="list" aria-controls=${this.suggesting ? 'mentions' : nothing} aria-activedescendant=${this.suggesting ? `mention-${this.suggesting.active}` : nothing}
          ?disabled=${!!reason} @keydown=${this.#onKeydown} @input=${this.#onInput} @blur=${() => (this.suggesting = null)} @paste=${(e: ClipboardEvent) => canAttach && e.clipboardData?.files.length && (e.preventDefault(), this.#sendFiles(e.clipboardData.files))}></textarea>
        ${canAttach
          ? html`<button part="attach-button" class="attach" type="button" aria-label=${t.t('chat.attach')} title=${t.t('chat.attach')} @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')!.click()}>📎</button>
              <input type="file" multiple hidden @change=${(e: Event) => {
                const input = e.target as HTMLInputElement;
                this.#sendFiles(input.files);
                input.value = '';
              }} />`
          : nothing}
        <button part="send-button" class="send" type="submit" ?disabled=${!!reason}>${t.t('chat.send')}</button>
        ${this.uploads.map(
          (u) => html`<div class="upload"><progress part="upload-progress" max=${u.total} .value=${u.loaded} aria-label=${t.t('chat.uploading', { name: u.name })}></progress
            ><button part="upload-cancel" type="button" @click=${u.abort}>${t.t('chat.cancelUpload')}</button></div>`,
        )}
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
