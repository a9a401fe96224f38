import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { RoomClient } from '../../core/client.ts';
import type { ErrorPayload, Participant, RoomMessage } from '../../core/public-types.ts';
import type { RoomState } from '../../core/store/state.ts';
import type { LocaleController } from '../../i18n/locale-controller.ts';
import { paperclip, send, x } from '../icons.ts';
import { icon } from '../theme.ts';
import type { Translate } from './message-menu.ts';
import { formatSize } from './message-view.ts';
import type { Writing } from './writing.ts';

type MenuModule = typeof import('./message-menu.ts');
type SuggestModule = typeof import('./mention-suggest.ts');
type Search = RoomClient['searchParticipants'];

/** An `@` starting a word, and what follows it up to the caret. */
const MENTION_QUERY = /(?:^|\s)@([^\s@]{0,40})$/;

interface Suggesting {
  items: Array<{ userId: string; name: string }>;
  active: number;
  /** Where the `@` is in the text. */
  start: number;
}

/** An upload under way: what the progress bar shows, and how to cancel it. */
interface Upload {
  id: number;
  name: string;
  loaded: number;
  total: number;
  abort(): void;
}

/** Why the chat refused to join, in its locale. */
export function refused(t: LocaleController, { code, message }: ErrorPayload): string {
  return t.t('chat.refused', { reason: t.serverText(`error.${code}`, message) });
}

/** The chat's status line: a missing token, the end of the room, a refusal, else the connection's state. */
export function statusText(t: LocaleController, token: string | undefined, s: RoomState | null | undefined): string {
  if (!token) return t.t('chat.status.noToken');
  if (s?.ended) return t.t('chat.ended');
  if (s?.refusal) return refused(t, s.refusal);
  return t.t(`chat.status.${s?.connection ?? 'disconnected'}`);
}

/**
 * Why the composer is disabled for the room as it is (ended, refused, not joined yet, chat off, locked); empty: it is
 * not. Offline is no reason: a message written then waits in the outbox.
 */
export function disabledReason(t: LocaleController, s: RoomState): string {
  if (s.ended) return t.t('chat.ended');
  if (s.refusal) return refused(t, s.refusal);
  // Said by the status line only (the composer stays quiet): any non-empty reason. While reconnecting the composer
  // stays open: what is sent then waits in the outbox.
  if (!s.self || !s.room) return t.t('chat.status.connecting');
  if (!s.room.features.chat) return t.t('chat.disabled.chatOff');
  const locks = s.room.locks;
  if (!s.self.isAdmin && (locks.lockChat || locks.lockChatSendMessage)) return t.t('chat.disabled.locked');
  return '';
}

/** What the composer needs from its chat. */
export interface ComposerOptions {
  i18n: LocaleController;
  /** Words for the on-demand modules. */
  t: Translate;
  /** Why the composer is disabled now; empty when it is not. */
  disabled(): string;
  /** A message listed in the room, by id (the one replied to). */
  message(id: string): RoomMessage | undefined;
  /** The action menu's module, which also renders the reply preview (only the menu starts a reply). */
  menu(): MenuModule | null;
  loadSuggestions(): Promise<SuggestModule | null>;
  send(text: string, to: string | undefined): void;
  reply(id: string, text: string, to: string | undefined): void;
  /** Issue 29: the edited text of your message `id`. */
  edit(id: string, text: string): void;
  sendFiles(files: FileList | null | undefined, to: string | undefined): void;
  /** Keeps the unsent text (the room saves it with the outbox, so a reload keeps it). */
  saveDraft(text: string): void;
  /** Who is typing and the emoji button with its picker (issue 31): told what the user types and sends. */
  writing?: Pick<Writing, 'tools'>;
}

/** What the chat decides for this render. */
export interface ComposerView {
  /** Why the composer is disabled; empty when it is not. */
  reason: string;
  /** The other participants: whom `@` suggests, and whom a private message may go to. */
  others: Participant[];
  /** Show the "To" picker. */
  canPrivate: boolean;
  canAttach: boolean;
  /** The status line already says why the composer is disabled (connecting, refused, ended). */
  quiet: boolean;
  /** The unsent text, as saved. */
  draft: string;
  author(m: RoomMessage): string;
  /** A hint for the notice line while nothing else is said (slow mode). */
  hint?: string;
}

/**
 * The chat's composer: the text area with Enter to send, the "To" picker, the reply preview, the `@` suggestions
 * (their module loads on first use), the attach button, paste, the upload progress bars and the notice line. The
 * element keeps the room and the actions; this keeps what the user is composing.
 */
export class Composer implements ReactiveController {
  /** The `userId` a private message goes to; empty: everyone. */
  recipient = '';
  /** Why the last message or file was refused. */
  notice = '';
  /** The message the composer replies to. */
  replyTo = '';
  /** Issue 29: the message of yours being edited (the text area holds its text; Escape cancels). */
  editing = '';
  #suggesting: Suggesting | null = null;
  /** Keystrokes: an earlier one's search, answered late, is not shown over a later one's. */
  #typed = 0;
  #suggest: SuggestModule | null = null;
  #uploads: Upload[] = [];
  #uploadIds = 0;
  /** Whom the search picker last found. */
  readonly #found = { list: [] as Array<{ userId: string; name: string }> };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: ComposerOptions,
  ) {
    host.addController(this);
    // Files dropped anywhere on the chat are shared, like the attach button's.
    host.addEventListener('dragover', (e) => e.dataTransfer?.types.includes('Files') && e.preventDefault());
    host.addEventListener('drop', (e) => {
      e.preventDefault();
      options.sendFiles(e.dataTransfer?.files, this.recipient || undefined);
    });
  }

  /** A chat taken out of the page closes its suggestions (the text area lost focus anyway). */
  hostDisconnected(): void {
    this.#suggesting = null;
  }

  get #input(): HTMLTextAreaElement | null {
    return this.host.shadowRoot?.querySelector('textarea') ?? null;
  }

  focus(): void {
    this.#input?.focus();
  }

  /** Runs the upload of `file` with its progress bar and cancel button (`run` gets the signal and progress callback). */
  async uploading<T>(
    file: File,
    run: (upload: { signal: AbortSignal; onProgress(loaded: number): void }) => Promise<T>,
  ): Promise<T> {
    const upload = this.upload(file);
    try {
      return await run({ signal: upload.signal, onProgress: upload.progress });
    } finally {
      upload.done();
    }
  }

  /** Shows `text` on the notice line (a refusal), until the next message is sent. */
  report(text: string): void {
    this.#set({ notice: text });
  }

  /** Shows why a write was refused, in the chat's locale (`maxSize`: the room's file limit, for `file_too_large`). */
  refused({ code, message }: ErrorPayload, maxSize: number | undefined): void {
    const t = this.options.i18n;
    this.report(
      code === 'file_too_large' && maxSize
        ? t.t('chat.fileTooLarge', { size: formatSize(maxSize, t.locale) })
        : t.serverText(`error.${code}`, message),
    );
  }

  startReply(id: string): void {
    this.#set({ replyTo: id, editing: '' });
    this.focus();
  }

  /** Puts your message's text in the text area to edit; sending saves the edit, Escape cancels. */
  startEdit(id: string, text: string): void {
    this.#set({ editing: id, replyTo: '' });
    void this.host.updateComplete.then(() => {
      const input = this.#input;
      if (!input) return;
      input.value = text;
      input.focus();
    });
  }

  #cancelEdit(): void {
    this.#set({ editing: '' });
    if (this.#input) this.#input.value = '';
    this.focus();
  }

  /** Lists a progress bar for `file` until `done()`; its cancel button aborts `signal`. */
  upload(file: File): { signal: AbortSignal; progress(loaded: number): void; done(): void } {
    const id = ++this.#uploadIds;
    const abort = new AbortController();
    this.#uploads = [
      ...this.#uploads,
      { id, name: file.name, loaded: 0, total: file.size, abort: () => abort.abort() },
    ];
    this.host.requestUpdate();
    return {
      signal: abort.signal,
      progress: (loaded) => {
        this.#uploads = this.#uploads.map((u) => (u.id === id ? { ...u, loaded } : u));
        this.host.requestUpdate();
      },
      done: () => {
        this.#uploads = this.#uploads.filter((u) => u.id !== id);
        this.host.requestUpdate();
      },
    };
  }

  #set(
    patch: Partial<Pick<Composer, 'recipient' | 'notice' | 'replyTo' | 'editing'>> & { suggesting?: Suggesting | null },
  ): void {
    const { suggesting, ...rest } = patch;
    Object.assign(this, rest);
    if (suggesting !== undefined) this.#suggesting = suggesting;
    this.host.requestUpdate();
  }

  #onKeydown(event: KeyboardEvent): void {
    const s = this.#suggesting;
    const act =
      s && this.#suggest && !event.isComposing ? this.#suggest.suggestKey(event.key, s.active, s.items.length) : null;
    if (act === 'leave') this.#set({ suggesting: null });
    else if (act !== null) {
      event.preventDefault();
      if (act === 'pick') this.#pick(s!.items[s!.active]!);
      else this.#set({ suggesting: act === 'close' ? null : { ...s!, active: act } });
      return;
    }
    if (event.key === 'Escape' && this.editing) {
      event.preventDefault();
      return this.#cancelEdit();
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#submit();
    }
  }

  #submit(event?: Event): void {
    event?.preventDefault();
    const input = this.#input!;
    const text = input.value;
    if (text.trim() === '' || this.options.disabled()) return;
    input.value = '';
    // Sent or edited: no longer typing.
    this.options.writing?.tools?.typed(null);
    const editing = this.editing;
    if (editing) {
      this.#set({ editing: '', notice: '' });
      return this.options.edit(editing, text);
    }
    this.options.saveDraft('');
    const quoted = this.replyTo ? this.options.message(this.replyTo) : undefined;
    // Deleted meanwhile: its preview went, so the text goes as a plain message.
    const original = quoted?.deleted ? undefined : quoted;
    this.#set({ notice: '', suggesting: null, replyTo: '' });
    // A reply to a private message goes to its own pair, whatever the "To" picker says.
    const to = original?.private ? undefined : this.recipient || undefined;
    if (original) this.options.reply(original.id, text, to);
    else this.options.send(text, to);
  }

  /**
   * A room too large to list (its count above the list the chat holds): whom to suggest and offer is searched on the
   * server through the chat's client (docs/protocol.md "Presence"); null when the list is whole.
   */
  #search(): Search | null {
    const client = (this.host as unknown as { client: RoomClient | null }).client;
    const s = client?.store.snapshot;
    return s && s.participantCount > s.participants.length ? (q) => client.searchParticipants(q) : null;
  }

  /** Offers participants for an `@` word at the caret (the arrows' choice kept as answers come); loads on first use. */
  async #onInput(event: Event, others: Participant[]): Promise<void> {
    const input = event.target as HTMLTextAreaElement;
    this.options.saveDraft(input.value);
    if (input.value) this.options.writing?.tools?.typed(this);
    const query = MENTION_QUERY.exec(input.value.slice(0, input.selectionStart));
    const search = this.#search();
    const typed = ++this.#typed;
    if (!query || (others.length === 0 && !search)) return this.#set({ suggesting: null });
    this.#suggest ??= await this.options.loadSuggestions();
    if (!this.#suggest) return;
    const items = search ? await this.#suggest.searched(search, query[1]!) : this.#suggest.matching(query[1]!, others);
    if (typed !== this.#typed) return;
    const chosen = this.#suggesting?.items[this.#suggesting.active]?.userId;
    const active = Math.max(
      0,
      items.findIndex((p) => p.userId === chosen),
    );
    this.#set({
      suggesting: items.length ? { items, active, start: query.index + query[0].length - query[1]!.length - 1 } : null,
    });
  }

  /** The "To" picker of a room too large to list: a name searched on the server (its code loads with the @ list's). */
  #searchPicker(disabled: boolean) {
    if (!this.#suggest) {
      void this.options.loadSuggestions().then((m) => ((this.#suggest = m), this.host.requestUpdate()));
      return nothing;
    }
    return this.#suggest.renderPicker({
      t: this.options.t,
      disabled,
      found: this.#found,
      search: this.#search()!,
      pick: (userId) => (this.recipient = userId),
      update: () => this.host.requestUpdate(),
    });
  }

  #pick(who: { name: string }): void {
    this.#suggest!.insertMention(this.#input!, this.#suggesting!.start, who.name);
    this.#set({ suggesting: null });
  }

  /** Only the menu starts a reply, so its module is loaded whenever `replyTo` is set. */
  #renderReplying(view: ComposerView) {
    const module = this.options.menu();
    if (this.editing && module) return module.renderEditing(this.options.t, () => this.#cancelEdit());
    const m = this.replyTo ? this.options.message(this.replyTo) : undefined;
    const menu = this.options.menu();
    if (!m || m.deleted || !menu) return nothing;
    return menu.renderReplying({
      t: this.options.t,
      name: view.author(m),
      excerpt: m.file?.name ?? m.text,
      cancel: () => this.#set({ replyTo: '' }),
    });
  }

  render(view: ComposerView) {
    const t = this.options.i18n;
    const { reason, others, canAttach } = view;
    const suggesting = this.#suggesting;
    const sendFiles = (files: FileList | null | undefined) =>
      this.options.sendFiles(files, this.recipient || undefined);
    return html`<form part="composer" @submit=${(e: Event) => this.#submit(e)} aria-label=${t.t('chat.composer')}>
        ${this.#renderReplying(view)}
        ${
          suggesting && this.#suggest
            ? this.#suggest.renderSuggestions({ t: this.options.t, ...suggesting, pick: (c) => this.#pick(c) })
            : nothing
        }
        ${
          view.canPrivate && this.#search()
            ? this.#searchPicker(!!reason)
            : view.canPrivate && others.length > 0
              ? html`<label class="to"
              >${t.t('chat.to')}
              <select part="recipient" .value=${this.recipient} @change=${(e: Event) => this.#set({ recipient: (e.target as HTMLSelectElement).value })} ?disabled=${!!reason}>
                <option value="">${t.t('chat.everyone')}</option>
                ${others.map((p) => html`<option value=${p.userId} ?selected=${p.userId === this.recipient}>${t.t('chat.recipientPrivate', { name: p.name })}</option>`)}
              </select></label
            >`
              : nothing
        }
        <textarea part="input" dir="auto" rows="1" .value=${view.draft} aria-label=${t.t(this.recipient ? 'chat.inputPrivate' : 'chat.input')} aria-describedby=${view.quiet ? 'status' : 'notice'} placeholder=${reason ? '' : t.t('chat.placeholder')}
          aria-autocomplete="list" aria-controls=${suggesting ? 'mentions' : nothing} aria-activedescendant=${suggesting ? `mention-${suggesting.active}` : nothing}
          ?disabled=${!!reason} @keydown=${(e: KeyboardEvent) => this.#onKeydown(e)} @input=${(e: Event) => this.#onInput(e, others)} @blur=${() => this.#set({ suggesting: null })}
          @paste=${(e: ClipboardEvent) => canAttach && e.clipboardData?.files.length && (e.preventDefault(), sendFiles(e.clipboardData.files))}></textarea>
        ${
          canAttach
            ? html`<button part="attach-button" class="attach" type="button" aria-label=${t.t('chat.attach')} title=${t.t('chat.attach')} @click=${() => this.host.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!.click()}>${icon(paperclip)}</button>
              <input type="file" multiple hidden @change=${(e: Event) => {
                const input = e.target as HTMLInputElement;
                sendFiles(input.files);
                input.value = '';
              }} />`
            : nothing
        }
        ${this.options.writing?.tools?.renderEmoji()}
        <button part="send-button" class="send" type="submit" title=${t.t('chat.send')} ?disabled=${!!reason}>${icon(send)}<span class="sr-only">${t.t('chat.send')}</span></button>
        ${this.#uploads.map(
          (
            u,
          ) => html`<div class="upload"><progress part="upload-progress" max=${u.total} .value=${u.loaded} aria-label=${t.t('chat.uploading', { name: u.name })}></progress
            ><button part="upload-cancel" type="button" aria-label=${t.t('chat.cancelUpload')} title=${t.t('chat.cancelUpload')} @click=${u.abort}>${icon(x)}</button></div>`,
        )}
        <p part="composer-notice" class="notice" id="notice" aria-live="polite">${(!view.quiet && reason) || this.notice || view.hint}</p>
      </form>`;
  }
}
