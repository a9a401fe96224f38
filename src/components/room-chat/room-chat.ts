import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { resolveServer } from '../../core/defaults.ts';
import type { ChatSendAck, ErrorPayload, FileAttachment, RoomMessage, Sender } from '../../core/protocol.ts';
import type { ChatEntry, RoomState } from '../../core/store/state.ts';
import { segments } from '../../core/text.ts';
import { LocaleController } from '../../i18n/locale-controller.ts';
import { RoomElement } from '../room-element.ts';
import { themeStyles } from '../theme.ts';
import { FileRefusal, formatSize, precheck, signedLink, uploadFile, type Upload } from './files.ts';
import { chatStyles } from './room-chat.styles.ts';

type MessageEntry = Extract<ChatEntry, { kind: 'message' }>;


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
  };

  /** Messages kept in the list; older ones are dropped from view. */
  maxMessages = 500;

  private recipient = '';
  private notice = '';
  private windowSize = WINDOW;
  /** Entries added below while the reader is scrolled up. */
  private below = 0;
  private uploads: Upload[] = [];

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
      if (why === 'file_too_large') throw new FileRefusal(why, t.t('chat.fileTooLarge', { size: formatSize(s!.room!.files!.max_size, t.locale) }));
      if (why) throw new FileRefusal(why, t.serverText(`error.${why}`, 'files of this type cannot be shared here'));
      if (!s?.room || !this.token || !server) throw new FileRefusal('room_not_active', t.t('chat.disabled.connecting'));
      const up = uploadFile(server, s.room.room_id, this.token, file, to, (loaded) => {
        this.uploads = this.uploads.map((u) => (u.id === id ? { ...u, loaded } : u));
      });
      this.uploads = [...this.uploads, { id, name: file.name, loaded: 0, total: file.size, abort: up.abort }];
      return await up.done;
    } catch (error) {
      const { code, message } = error as FileRefusal;
      if (code !== 'upload_cancelled') {
        this.notice = t.serverText(`error.${code}`, message);
        this.emit('room-error', { code, message });
      }
      throw error;
    } finally {
      this.uploads = this.uploads.filter((u) => u.id !== id);
    }
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
    this.notice = this.#i18n.serverText(`error.${ack.code}`, ack.message);
    this.emit('room-error', { code: ack.code, message: ack.message });
    return false;
  }

  protected override roomChanged(): void {
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
    void this.send(text, this.recipient || undefined);
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
    // Each flag is a class and, prefixed, a part: `private` and `message-private`, `failed` and `message-failed`.
    const flags = [system && 'system', m.private && 'private', m.kind === 'emoji' && 'emoji', entry.status !== 'sent' && entry.status].filter(Boolean);
    const parts = ['message', ...flags.map((f) => `message-${f}`)].join(' ');
    const classes = ['message', ...flags].join(' ');
    const privateLabel = m.to && m.from?.user_id === selfId ? t.t('chat.privateTo', { name: m.to.name }) : t.t('chat.private');
    return html`<article part=${parts} class=${classes} data-message-id=${m.id} aria-label=${m.kind === 'emoji' ? t.t('chat.reacted', { name: this.#author(m.from, selfId) }) : nothing}>
      <div class="meta">
        <span part="message-author" class="author">${this.#author(m.from, selfId)}</span>
        <time part="message-time" datetime=${new Date(m.ts).toISOString()}>${t.time(m.ts)}</time>
        ${m.private ? html`<span part="message-private-mark">${privateLabel}</span>` : nothing}
        ${entry.status === 'pending' ? html`<span>${t.t('chat.sending')}</span>` : nothing}
      </div>
      ${m.deleted
        ? html`<p part="message-deleted" class="text deleted">${t.t('chat.deleted')}</p>`
        : m.file
          ? this.#renderFile(m.file)
          : html`<p part="message-text" class="text" dir="auto">${this.#renderText(system ? t.serverText(m.text) : m.text)}</p>`}
      ${entry.status === 'failed'
        ? html`<span role="alert">${t.t('chat.notSent', { reason: entry.error ?? '' })}</span><button part="retry-button" class="retry" type="button" @click=${() => this.#retry(entry)}>${t.t('chat.retry')}</button>`
        : nothing}
    </article>`;
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
          ?disabled=${!!reason} @keydown=${this.#onKeydown} @paste=${(e: ClipboardEvent) => canAttach && e.clipboardData?.files.length && (e.preventDefault(), this.#sendFiles(e.clipboardData.files))}></textarea>
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
