import { html, nothing } from 'lit';
import { ChatActions } from './chat-actions.ts';
import { ChatLive } from './chat-live.ts';
import type { ChatSendAck, ErrorPayload, RoomMessage } from '../../core/public-types.ts';
import { enChat } from '../../i18n/en-chat.ts';
import { LocaleController } from '../../i18n/locale-controller.ts';
import { addEnglish } from '../../i18n/registry.ts';
import { themeStyles } from '../theme.ts';
import { FileLinks } from './file-links.ts';
import { Composer, disabledReason, statusText } from './composer.ts';
import { MenuState } from './menu-state.ts';
import { ModerationHook } from './moderation-hook.ts';
import { author, renderLog, type MessageView } from './message-view.ts';
import { PollTools } from './poll-tools.ts';
import { chatStyles } from './room-chat.styles.ts';
import { ScrollWindow } from './scroll-window.ts';
import { Writing } from './writing.ts';

addEnglish(enChat);

/**
 * The meeting's chat: public and private messages, system messages, reactions, the welcome message,
 * recent history on join, connection state, and a composer. It renders the page's room store, so a chat
 * mounted late, or again, shows the room as it is; every chat of a room on the page shows the same.
 *
 * @summary In-meeting chat connected to a room server.
 * @tag room-chat
 *
 * @event {RoomChatMessageEvent} room-chat-message - A chat message or reaction is about to be shown, once per page. Cancelable: `preventDefault()` keeps it out of every chat. Detail `{ id, text, from, private, ts, kind }`. From a chat of the room where one is mounted (src/core/host-events.ts).
 * @event {RoomReactionChangeEvent} room-reaction-change - Someone's reaction to a message went on or off, once per page. Detail `{ id, messageId, emoji, on, from, reactions }`.
 * @event {RoomMessageDeletedEvent} room-message-deleted - A message was deleted (it is now a tombstone), once per page. Detail `{ id, messageId, byAdmin, by }`.
 * @event {RoomMessageEditedEvent} room-message-edited - A message's author changed its text, once per page. Detail `{ id, messageId, text, from }`.
 * @event {RoomPinChangeEvent} room-pin-change - An admin pinned or unpinned a message, once per page. Detail `{ id, messageId, pinned, pins, by }`.
 * @event {RoomPollChangeEvent} room-poll-change - A poll's counts changed, it closed, or your vote is in, once per page. Detail `{ id, pollId, poll }`.
 * @event {RoomMentionEvent} room-mention - A message from someone else mentions this user, once per page. Detail `{ id, text, from, private, ts, mentions }`.
 *
 * @csspart status - The connection state line, or why the chat could not join.
 * @csspart log - The scrolling message list (`role="log"`).
 * @csspart message - Every message; a message that continues its author's group (same sender within 5 minutes) has no avatar and shows its author only to screen readers.
 * @csspart message-own - A message of yours.
 * @csspart avatar - The sender's picture (`avatarFor`), else initials on a colour from the user id.
 * @csspart day-separator - Before the first message of each day: "Today", "Yesterday", a weekday or a date.
 * @csspart empty - Shown in place of the messages while the room has none.
 * @csspart message-system - A message with no sender (from the server), and the welcome message.
 * @csspart message-private - A private message.
 * @csspart message-emoji - An emoji reaction.
 * @csspart message-queued - A message of yours waiting in the outbox for the connection ("Waiting for the connection…"); it goes out once the chat is connected again, even after a reload.
 * @csspart message-pending - A message of yours the server has not confirmed yet.
 * @csspart message-failed - A message of yours the server refused or did not confirm.
 * @csspart message-author - The sender's name.
 * @csspart message-time - The time a message was sent.
 * @csspart message-private-mark - The "Private" label.
 * @csspart message-text - The message text.
 * @csspart message-edited - The "edited" mark of a message its author changed.
 * @csspart pinned-message - A message in the pinned bar above the log (newest first, at most 3); a click shows it in the log.
 * @csspart pinned-unpin - Admins: unpins that message.
 * @csspart chat-menu-button - Admins: opens the chat's moderation menu (`chat-menu`, items `chat-menu-item`): lock or unlock the chat, slow mode, clear the chat.
 * @csspart edit-preview - Above the composer while editing a message of yours (`edit-cancel` stops; Escape too).
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
 * @csspart poll - A poll's card (`role="group"`): its question, "Choose one" or "Choose any", "Anonymous", the voters and "Closed".
 * @csspart poll-option - An answer of a poll: a toggle button (`aria-pressed` when it is your choice), filled to its share; disabled once closed.
 * @csspart poll-result - An answer's votes and share of the voters (`2 · 50%`).
 * @csspart poll-close - Closes the poll (its creator or an admin).
 * @csspart poll-button - Opens the poll form (admins, or anyone where the room allows polls).
 * @csspart poll-form - The form that creates a poll: question, 2 to 10 answers, several answers, anonymous.
 * @csspart poll-create - The form's submit button.
 * @csspart hand-button - Raises your hand, or lowers it (`aria-pressed` while it is up).
 * @csspart hands - For admins: the raised hands, oldest first.
 * @csspart hand-lower - Lowers that participant's hand (admins).
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
 * @csspart emoji-button - Opens the emoji picker (absent with `emoji="off"`).
 * @csspart emoji-picker - The emoji picker (`role="dialog"`): a search field, arrow keys through the emoji, Enter picks, Escape closes. Its data comes from the room server.
 * @csspart search-button - Opens the search field.
 * @csspart search - The search field: finds what you can see, older history too; Enter and Shift+Enter jump between matches, Escape closes.
 * @csspart download-button - "Download chat": saves the transcript of what you can see as a text file.
 * @csspart typing - "Alice is typing…", "3 people are typing…" (`aria-live="polite"`).
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
export class RoomChat extends ChatActions {
  static override styles = [themeStyles, chatStyles];
  readonly #i18n = new LocaleController(this);
  readonly #menu = new MenuState(this, () => this.loadPart(import('./message-menu.ts'), 'the message menu'));
  readonly #links = new FileLinks(this, () => this.client);
  readonly #window = new ScrollWindow(this, {
    log: () => this.renderRoot.querySelector('.log'),
    total: () => this.room?.chat.length ?? 0,
    seen: () => this.unread.unread > 0 && this.markRead(),
  });
  /** The on-demand modules word their UI through this chat's locale. */
  readonly #t = (key: string, params?: Record<string, string>) =>
    this.#i18n.t(key as 'chat.react', params as { emoji: string });
  readonly #writing = new Writing(this, {
    i18n: this.#i18n,
    t: this.#t,
    load: (part, what) => this.loadPart(part, what),
    client: () => this.client,
    reveal: (id, focus) => void this.#showOriginal(id, focus),
  });
  readonly #composer = new Composer(this, {
    i18n: this.#i18n,
    t: this.#t,
    disabled: () => (this.room ? disabledReason(this.#i18n, this.room) : 'no room'),
    message: (id) => this.client?.store.message(id),
    menu: () => this.#menu.module,
    loadSuggestions: () => this.loadPart(import('./mention-suggest.ts'), 'the @ suggestions'),
    send: (text, to) => void this.send(text, to),
    reply: (id, text, to) => this.#quietly(this.reply(id, text, to)),
    edit: (id, text) => this.#quietly(this.editMessage(id, text)),
    sendFiles: (files, to) => this.#sendFiles(files, to),
    saveDraft: (text) => this.client && (this.client.store.draft = text),
    writing: this.#writing,
  });
  readonly #moderation = new ModerationHook(this, {
    menu: this.#menu,
    t: this.#t,
    show: (id) => void this.#showOriginal(id),
    edit: (m) => this.#composer.startEdit(m.id, m.text),
  });
  readonly #live = new ChatLive(this, {
    i18n: this.#i18n,
    mode: () => this.announce,
    self: () => this.room?.self?.userId,
    unread: (id) => !!this.client?.store.isUnread(id),
  });
  readonly #polls = new PollTools(
    this,
    { t: this.#t, locale: () => this.#i18n.locale, act: (run) => this.#quietly(this.act(run)) },
    (part, what) => this.loadPart(part, what),
  );

  /**
   * Unread messages from others that mention you (each also counted in `unread`, so `room-unread-change` fires
   * whenever this changes). Read-only; `markRead()` clears it.
   */
  get mentions(): number {
    return this.room?.mentions ?? 0;
  }

  /** Sends a public message, or a private one when `to` is a participant's `userId`. */
  async send(text: string, to?: string): Promise<boolean> {
    if (!this.client || !this.room?.self || text.trim() === '') return false;
    return this.#settled(await this.client.send(text, to));
  }

  /**
   * Shares a file with the room, or privately with the participant `to` (a `userId`): resolves with the file message,
   * rejects with the refusal `{ code, message }` (also shown by the composer and sent as `room-error`). The upload
   * itself is the headless client's (`RoomClient.sendFile`); the chat shows its progress and a cancel button.
   */
  sendFile(file: File, to?: string): Promise<RoomMessage> {
    return this.act((c) => this.#composer.uploading(file, (upload) => c.sendFile(file, { to, ...upload })));
  }

  /** The chat as you can see it, as `text`, `html` or `json` (RoomClient.exportTranscript); `all`: an admin's whole room. */
  exportTranscript(format: 'text' | 'html' | 'json' = 'text', all?: boolean): Promise<string> {
    return this.#writing.load().then((tools) => tools!.transcript(format, all));
  }

  /** The UI's own actions: the composer shows a refusal, nobody awaits them. */
  #quietly = (action: Promise<unknown>): void => void action.catch(() => {});
  #sendFiles(files: FileList | null | undefined, to: string | undefined): void {
    for (const file of files ?? []) this.#quietly(this.sendFile(file, to));
  }

  #settled(ack: ChatSendAck): boolean {
    if (ack.ok) return true;
    this.report(ack);
    return false;
  }

  /** A refusal shows under the composer, in this chat's locale, and goes to the host as `room-error`. */
  protected override report({ code, message }: ErrorPayload): void {
    this.#composer.refused({ code, message }, this.room?.room?.files?.maxSize);
    this.emit('room-error', { code, message });
  }

  protected override roomChanged(): void {
    const store = this.client?.store;
    if (!store) return this.requestUpdate();
    store.limit = Math.max(store.limit, this.maxMessages);
    const last = store.snapshot.chat.at(-1);
    const sending = last?.kind === 'message' && (last.status === 'queued' || last.status === 'pending');
    this.#window.changed(store.snapshot.received, sending);
  }

  protected override roomMessage(m: RoomMessage): void {
    this.#live.message(m);
  }

  /** Shows a loaded message (a quote's original, a search match, a pin): widens the window when it is not rendered. */
  #showOriginal = (id: string, focus?: boolean) => this.#window.show(id, this.room?.chat ?? [], focus);

  protected override render() {
    const s = this.room;
    const state = s?.connection ?? 'disconnected';
    const selfId = s?.self?.userId;
    const t = this.#i18n;
    const notice = this.#moderation.notice(s);
    const reason = s ? disabledReason(t, s) || notice.reason : t.t('chat.status.connecting');
    // One message at a time: the status line says what is wrong with the connection, the composer only the rest.
    const ok = !!this.token && state === 'connected' && !!s?.self && !s.ended && !s.refusal;
    const files = s?.room?.files;
    const entries = this.#window.shown(s?.chat ?? []).slice(-Math.max(1, this.maxMessages));
    const win = this.#window;
    const view: MessageView = {
      i18n: t,
      selfId,
      menuFor: this.#menu.openFor,
      menu: (m) =>
        this.#menu.module
          ? this.#menu.render({
              t: this.#t,
              canReply: !reason,
              canDelete: m.from?.userId === selfId || !!s?.self?.isAdmin,
              reply: () => this.#composer.startReply(m.id),
              react: (emoji) => this.#quietly(this.react(m.id, emoji)),
              delete: () => this.#quietly(this.deleteMessage(m.id)),
              more: this.#writing.tools?.more(m.id),
              ...this.#moderation.actions(m, s),
            })
          : nothing,
      original: (id) => this.client?.store.message(id),
      link: (f) => this.#links.get(f),
      openMenu: (id) => this.#menu.toggle(id),
      showOriginal: this.#showOriginal,
      poll: (m) => this.#polls.card(m, s),
      react: (id, emoji) => this.#quietly(this.react(id, emoji)),
      retry: (entry) => void this.client?.retry(entry.id)?.then((ack) => this.#settled(ack)),
      avatar: (from) => this.avatarFor?.(from),
      format: (text) => this.#writing.format(text),
      presenting: this.isPresenting,
    };
    return html`
      ${this.#live.render()}
      <div part="status" class="status ${ok ? 'sr-only' : ''}" id="status" data-state=${state} role="status">${statusText(t, this.token, s)}</div>
      ${this.#moderation.renderTop(s)}
      ${this.#writing.tools?.renderBar()}
      ${renderLog(view, { entries, welcome: s?.room?.welcomeMessage, window: win, label: t.t('chat.log'), empty: ok })}
      <button part="new-messages" class="new-messages" type="button" ?hidden=${win.below === 0} @click=${() => (win.jumpToLatest(), this.#composer.focus())}>${t.t('chat.newMessages', { count: win.below })}</button>
      ${this.#polls.render(s, reason)}
      ${this.#writing.tools?.renderTyping()}
      ${this.#composer.render({
        reason,
        others: (s?.participants ?? []).filter((p) => p.userId !== selfId),
        canPrivate: !!s?.self && (s.self.isAdmin || !s.room?.locks.lockPrivateChat),
        canAttach: !reason && !!files?.enabled && (!files.locked || !!s?.self?.isAdmin),
        quiet: !ok,
        author: (m) => author(t, m.from, selfId),
        draft: this.client?.store.draft ?? '',
        hint: notice.hint,
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'room-chat': RoomChat;
  }
}
