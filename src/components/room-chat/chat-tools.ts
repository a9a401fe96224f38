import { css, html, nothing, type ReactiveElement } from 'lit';
import { download, search, smilePlus } from '../icons.ts';
import { icon } from '../theme.ts';
import type { RoomClient } from '../../core/client.ts';
import type { SearchHit } from '../../core/reading.ts';
import type { Typist, Typing } from '../../core/typing.ts';
import { enChatReading } from '../../i18n/en-chat-reading.ts';
import { addEnglish } from '../../i18n/registry.ts';
import type { Picked } from './emoji-picker.ts';
import type { Translate } from './message-menu.ts';
import type { LocaleController } from '../../i18n/locale-controller.ts';

addEnglish(enChatReading);

/*
 * The chat's tools (issue 31), loaded on demand the first time its search, "Download chat" or emoji button is pressed
 * (or `exportTranscript` is called): the search panel, transcripts, and what the emoji picker is open for (the
 * picker itself, emoji-picker.ts, loads the first time it opens). The search: a field (part `search`)
 * that finds what this user can see — the store's log at once, then older history from the server page by page — the
 * matches listed with the words highlighted, and Enter / Shift+Enter (or the arrows) jumping between them in the log.
 */

export interface SearchOptions {
  t: Translate;
  client: RoomClient;
  /** Scrolls the log to a loaded message (widening its window); `focus`: moves focus there too. */
  reveal(id: string, focus: boolean): void;
  close(): void;
}

/** Waits this long after the last keystroke before searching. */
const DEBOUNCE_MS = 200;

/** `text` with each occurrence of `query` (ignoring case) in a `<mark>`. */
export function highlight(text: string, query: string) {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return text;
  const lower = text.toLocaleLowerCase();
  const out: unknown[] = [];
  let at = 0;
  for (let i; (i = lower.indexOf(q, at)) >= 0 && lower.length === text.length; at = i + q.length)
    out.push(text.slice(at, i), html`<mark>${text.slice(i, i + q.length)}</mark>`);
  out.push(text.slice(at));
  return out;
}

export class SearchPanel {
  query = '';
  hits: SearchHit[] = [];
  active = -1;
  /** Older history is still being read. */
  busy = false;
  #run = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveElement,
    private readonly o: SearchOptions,
  ) {}

  focus(): void {
    this.host.renderRoot.querySelector<HTMLInputElement>('[part="search"]')?.focus();
  }

  #input(query: string): void {
    this.query = query;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#search(query), DEBOUNCE_MS);
  }

  async #search(query: string): Promise<void> {
    const run = ++this.#run;
    this.hits = [];
    this.active = -1;
    this.busy = !!query.trim();
    this.host.requestUpdate();
    if (!this.busy) return;
    const { searchPages } = await import('../../core/reading.ts');
    for await (const batch of searchPages(this.o.client, query)) {
      if (run !== this.#run) return;
      this.hits = [...this.hits, ...batch];
      if (this.active < 0 && this.hits.length) this.#go(0, false);
      this.host.requestUpdate();
    }
    this.busy = false;
    this.host.requestUpdate();
  }

  /** Moves to match `i` (wrapping): marks it, and shows it in the log when the store holds it. */
  #go(i: number, focus: boolean): void {
    const n = this.hits.length;
    if (!n) return;
    this.active = (i + n) % n;
    const hit = this.hits[this.active]!;
    for (const el of this.host.renderRoot.querySelectorAll('[data-search-hit]')) el.removeAttribute('data-search-hit');
    if (hit.loaded) {
      this.o.reveal(hit.message.id, focus);
      void this.host.updateComplete.then(() =>
        this.host.renderRoot
          .querySelector(`[data-message-id="${CSS.escape(hit.message.id)}"]`)
          ?.setAttribute('data-search-hit', ''),
      );
    }
    this.host.requestUpdate();
  }

  #close(): void {
    clearTimeout(this.#timer);
    this.#run++;
    for (const el of this.host.renderRoot.querySelectorAll('[data-search-hit]')) el.removeAttribute('data-search-hit');
    this.o.close();
  }

  #onKeydown(e: KeyboardEvent): void {
    if (e.key === 'Enter' || e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.#go(this.active + (e.shiftKey || e.key === 'ArrowUp' ? -1 : 1), false);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.#close();
    }
  }

  render() {
    const { t } = this.o;
    const n = this.hits.length;
    const status = this.busy
      ? t('chat.searchMore')
      : this.query.trim() && !n
        ? t('chat.searchNone')
        : n
          ? t('chat.searchCount', { index: String(this.active + 1), count: String(n) })
          : '';
    return html`<div class="search" role="search">
      <input part="search" type="search" aria-label=${t('chat.search')} placeholder=${t('chat.search')} .value=${this.query}
        aria-describedby="search-status" @input=${(e: Event) => this.#input((e.target as HTMLInputElement).value)} @keydown=${(e: KeyboardEvent) => this.#onKeydown(e)} />
      <button type="button" aria-label=${t('chat.searchPrev')} title=${t('chat.searchPrev')} ?disabled=${!n} @click=${() => this.#go(this.active - 1, true)}>↑</button>
      <button type="button" aria-label=${t('chat.searchNext')} title=${t('chat.searchNext')} ?disabled=${!n} @click=${() => this.#go(this.active + 1, true)}>↓</button>
      <button type="button" aria-label=${t('chat.searchClose')} title=${t('chat.searchClose')} @click=${() => this.#close()}>×</button>
      <span id="search-status" class="search-status" role="status">${status}</span>
      ${
        n
          ? html`<ol class="search-results" aria-label=${t('chat.search')}>
            ${this.hits.map(
              (h, i) =>
                html`<li><button type="button" aria-current=${i === this.active ? 'true' : nothing} @click=${() => this.#go(i, true)}
                  ><b>${h.message.from?.name ?? ''}</b> <span dir="auto">${highlight(h.message.file?.name ?? h.message.text, this.query)}</span></button></li>`,
            )}
          </ol>`
          : nothing
      }
    </div>`;
  }
}

/** The chat's settings these parts read (its `markdown`, `emoji` and `typing-limit`), and its `react`. */
export type WritingHost = ReactiveElement & {
  markdown: 'on' | 'off';
  emoji: 'on' | 'off';
  typingLimit: number;
  react(id: string, emoji: string): Promise<unknown>;
};

/** What else the chat gives its writing and reading parts. */
export interface WritingOptions {
  i18n: LocaleController;
  /** Words for the parts loaded on demand, in the chat's locale. */
  t: Translate;
  load: <T>(part: Promise<T>, what: string) => Promise<T | null>;
  client(): RoomClient | null;
  /** Scrolls to a message of the log, widening the window (focusing it when `focus`). */
  reveal(id: string, focus: boolean): void;
}

/** What the tools get from the chat's `Writing` (writing.ts). */
export interface ToolsHost {
  host: WritingHost;
  o: WritingOptions;
  adopt(sheet: CSSStyleSheet): void;
}

/** The chat's tools, made by its `Writing` the first time one is used. */
export class Tools {
  /** What the emoji picker is open for: the composer (`{}`), or a reaction to a message. */
  picking: Picked | null = null;
  #picker: typeof import('./emoji-picker.ts') | null = null;
  #search: SearchPanel | null = null;
  #typing: Typing | null = null;
  #typists: Typist[] = [];

  constructor(private readonly w: ToolsHost) {
    w.adopt(styles.styleSheet!);
    const client = w.o.client();
    // Who is typing: the room's typing state (loaded on demand), heard while this chat shows it.
    if (client)
      void w.o.load(import('../../core/typing.ts'), 'typing').then((m) => {
        this.#typing = m?.typingOf(client) ?? null;
        this.#typing?.subscribe((list) => ((this.#typists = list), w.host.requestUpdate()));
      });
  }

  /** Typing is off in rooms of more participants than the chat's `typing-limit`. */
  #typingOn(): boolean {
    return (this.w.o.client()?.store.snapshot.participants.length ?? 0) <= this.w.host.typingLimit;
  }

  /**
   * The user typed in the composer (to its recipient, or everyone), or sent (null: the next keystroke announces
   * again). A reply to a private message goes to its pair whatever the "To" picker says: its draft is announced to
   * nobody.
   */
  typed(composer: { recipient: string; replyTo: string } | null): void {
    if (!composer) return this.#typing?.sent();
    const quoted = composer.replyTo ? this.w.o.client()?.store.message(composer.replyTo) : undefined;
    if (this.#typingOn() && !quoted?.private) this.#typing?.typing(composer.recipient || undefined);
  }

  /** "Alice is typing…", "3 people are typing…" (part `typing`). */
  renderTyping() {
    const list = this.#typingOn() ? this.#typists : [];
    const text = list[1]
      ? this.w.o.i18n.t('chat.typingMany', { count: list.length })
      : list[0]
        ? this.w.o.t('chat.typing', { name: list[0].name })
        : '';
    return html`<div part="typing" class="typing" aria-live="polite">${text}</div>`;
  }

  async open(what: 'search' | 'download' | Picked): Promise<void> {
    const { w } = this;
    const client = w.o.client();
    if (!client) return;
    if (what === 'download') return save(client, await this.transcript('text'));
    if (what === 'search') {
      this.#search ??= new SearchPanel(w.host, {
        t: w.o.t,
        client,
        reveal: w.o.reveal,
        close: () => ((this.#search = null), w.host.requestUpdate()),
      });
      w.host.requestUpdate();
      await w.host.updateComplete;
      return this.#search.focus();
    }
    if (this.picking) return this.#picked(null);
    if (!this.#picker) {
      this.#picker = await w.o.load(import('./emoji-picker.ts'), 'the emoji picker');
      if (!this.#picker) return;
      w.adopt(this.#picker.styles.styleSheet!);
    }
    this.picking = what;
    this.#picker.attach(() => w.host.requestUpdate());
    w.host.requestUpdate();
    await w.host.updateComplete;
    w.host.renderRoot.querySelector<HTMLElement>('[part="emoji-picker"] input')?.focus();
  }

  #picked = (emoji: string | null): void => {
    const { w } = this;
    const what = this.picking;
    this.picking = null;
    this.#picker?.attach(null);
    w.host.requestUpdate();
    if (what?.react) {
      if (emoji) w.host.react(what.react, emoji).catch(Object);
      w.o.reveal(what.react, true);
    } else if (what) insert(w.host.renderRoot.querySelector('textarea'), emoji ?? '');
  };

  #button(part: string, key: string, d: string, what: 'search' | 'download' | Picked, expanded?: boolean) {
    const label = this.w.o.t(key);
    return html`<button part=${part} class="attach" type="button" aria-label=${label} title=${label} aria-expanded=${expanded ?? nothing} @click=${() => this.open(what)}>${icon(d)}</button>`;
  }

  /** The composer's emoji button (not with `emoji="off"`), and the picker while it is open. */
  renderEmoji() {
    const what = this.picking;
    if (this.w.host.emoji === 'off') return nothing;
    const picker = what && this.#picker;
    return html`${this.#button('emoji-button', 'chat.emoji', smilePlus, {}, !!what)}${
      picker
        ? picker.renderPicker({ t: this.w.o.t, server: this.w.o.client()?.connection.server, what, done: this.#picked })
        : nothing
    }`;
  }

  /** The search and "Download chat" buttons above the log, or the search panel while it is open. */
  renderBar() {
    return (
      this.#search?.render() ??
      html`<div class="tools">${this.#button('search-button', 'chat.search', search, 'search')}${this.#button('download-button', 'chat.downloadChat', download, 'download')}</div>`
    );
  }

  /** The menu's "More reactions…" for message `id` (not with `emoji="off"`). */
  more(id: string): (() => void) | undefined {
    return this.w.host.emoji === 'off' ? undefined : () => void this.open({ react: id });
  }

  /** The transcript of what this user can see (RoomClient.exportTranscript) in the chat's words and locale. */
  transcript(format: 'text' | 'html' | 'json', all?: boolean): Promise<string> {
    const { o } = this.w;
    const t = o.t;
    const client = o.client();
    if (!client) return Promise.reject(new Error('not connected'));
    const words = {
      title: t('chat.transcript'),
      deleted: t('chat.deleted'),
      edited: t('chat.edited'),
      private: t('chat.private'),
      system: t('chat.system'),
    };
    return client.exportTranscript(format, { locale: o.i18n.locale, all, words });
  }
}

/** Puts `text` at the caret of the composer's text area, as typing would (the draft keeps it), and focuses it. */
function insert(input: HTMLTextAreaElement | null, text: string): void {
  if (!input) return;
  input.setRangeText(text, input.selectionStart, input.selectionEnd, 'end');
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.focus();
}

/** Saves `text` (a transcript) as a text file named after the room. */
function save(client: RoomClient, text: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  a.download = `${client.store.snapshot.room?.title || 'chat'}.txt`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1e4);
}

export const styles = css`
  .tools,
  .typing,
  .search {
    display: flex;
    justify-content: end;
    padding: 0 var(--_pad);
  }
  .typing {
    font-size: 12px;
    min-height: 16px;
    line-height: 16px;
    color: var(--_muted);
  }
  .search {
    flex-wrap: wrap;
    align-items: center;
    gap: 4px;
    padding-block: 4px;
  }
  .search input {
    flex: 1;
    min-width: 8em;
    font: inherit;
  }
  .search-status {
    flex: 1 0 100%;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .search-results {
    flex: 1 0 100%;
    margin: 0;
    padding: 0;
    list-style: none;
    max-height: 8em;
    overflow-y: auto;
  }
  .search-results button {
    width: 100%;
    text-align: start;
    font: inherit;
    background: none;
    border: 0;
    color: inherit;
    padding: 2px 4px;
    cursor: pointer;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .search-results [aria-current='true'] {
    background: var(--_system-bg);
    outline: 2px solid var(--_focus);
  }
  mark {
    background: color-mix(in srgb, var(--_accent) 30%, transparent);
    color: inherit;
  }
  [data-search-hit] {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`;
