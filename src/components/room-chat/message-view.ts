import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { FileAttachment, Quote, Reaction, RoomMessage, Sender } from '../../core/public-types.ts';
import type { ChatEntry } from '../../core/store/state.ts';
import { segments } from '../../core/text.ts';
import type { LocaleController } from '../../i18n/locale-controller.ts';
import { ellipsis, messageCircle } from '../icons.ts';
import { icon } from '../theme.ts';
import type { ScrollWindow } from './scroll-window.ts';

/*
 * How `<room-chat>` shows one entry of the log: a message with its flags, quote, file, reactions and actions, or a
 * gap. Template functions only: the state (which menu is open, the signed links) and the actions stay in the element,
 * which hands them over as a `MessageView`.
 */

export type MessageEntry = Extract<ChatEntry, { kind: 'message' }>;

/** What the templates read from the chat and call back. */
export interface MessageView {
  i18n: LocaleController;
  selfId: string | undefined;
  /** The message whose action menu is open. */
  menuFor: string;
  /** The open menu, rendered by the chat (its module loads on demand). */
  menu(m: RoomMessage): TemplateResult | typeof nothing;
  /** The original of a quote, when it is loaded here. */
  original(id: string): RoomMessage | undefined;
  /** A file's signed link; undefined until it arrives. */
  link(f: FileAttachment): string | undefined;
  openMenu(id: string): void;
  showOriginal(id: string): void;
  react(id: string, emoji: string): void;
  retry(entry: MessageEntry): void;
  /** A picture for a sender (the chat's `avatarFor`), else initials. */
  avatar(from: Sender): string | undefined;
  /** A poll's card (its module loads on demand). */
  poll(m: RoomMessage): TemplateResult;
  /** Chat text with its formatting as elements (issue 31), or null: plain text. */
  format?(text: string): unknown;
  /** The user presents: private messages blur until pointed at or focused. */
  presenting?: boolean;
}

/** Up to two initials: the first letter of the first and the last word that start with a letter. */
function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => /^\p{L}/u.test(w));
  const pick = words.length ? [words[0]!, words.length > 1 ? words.at(-1)! : ''] : [name];
  return pick
    .map((w) => [...w][0] ?? '')
    .join('')
    .toLocaleUpperCase();
}

/** One of 8 hues from the user id (FNV-1a), the same in every session and element; renames keep it. */
function hue(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return ((h >>> 0) % 8) * 45;
}

function renderAvatar(v: MessageView, from: Sender) {
  const url = v.avatar(from);
  return url
    ? html`<img part="avatar" class="avatar" alt="" src=${url} loading="lazy" referrerpolicy="no-referrer" />`
    : html`<span part="avatar" class="avatar" aria-hidden="true" .style=${`--_h:${hue(from.userId)}`}>${initials(from.name)}</span>`;
}

const DAY = 864e5;
const startOfDay = (ts: number) => new Date(ts).setHours(0, 0, 0, 0);

// Every render labels the window's first day: Intl formats are slow to build (a full date's, some milliseconds), so
// each is made once per locale, and only when a label needs it.
const relativeDays: Record<string, Intl.RelativeTimeFormat> = {};
const fullDates: Record<string, Intl.DateTimeFormat> = {};

/** "Today", "Yesterday", else the full date, in the locale (Intl). */
function dayLabel(locale: string, ts: number): string {
  const ago = Math.round((startOfDay(Date.now()) - startOfDay(ts)) / DAY);
  const text =
    ago < 2
      ? (relativeDays[locale] ??= new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })).format(-ago, 'day')
      : (fullDates[locale] ??= new Intl.DateTimeFormat(locale, { dateStyle: 'full' })).format(ts);
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** Whether message `m` continues `prev`'s group: same sender and audience, within 5 minutes, the same day. */
function continues(prev: ChatEntry | undefined, m: RoomMessage): boolean {
  if (prev?.kind !== 'message') return false;
  const p = prev.message;
  return (
    !!m.from &&
    p.from?.userId === m.from.userId &&
    p.private === m.private &&
    p.to?.userId === m.to?.userId &&
    m.ts - p.ts <= 3e5 &&
    startOfDay(p.ts) === startOfDay(m.ts)
  );
}

/** Bytes the locale's way (`3.2 MB`, `3,2 MB`), in the largest unit under 1024 of it. */
export function formatSize(bytes: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'];
  let i = 0;
  for (; bytes >= 1024 && i < 3; i++) bytes /= 1024;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: units[i],
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(bytes);
}

/** Text is text: only `http(s)` links become (safe) links, the rest stays text nodes. */
export function renderText(text: string) {
  return segments(text).map((s) =>
    s.href
      ? html`<a part="message-link" href=${s.href} target="_blank" rel="noopener noreferrer nofollow ugc">${s.text}</a>`
      : s.text,
  );
}

export function author(i18n: LocaleController, from: Sender | null, selfId: string | undefined): string {
  if (!from) return i18n.t('chat.system');
  return from.userId === selfId ? i18n.t('chat.you', { name: from.name }) : from.name;
}

/** One entry; `head`: it starts a group (its author line and avatar show), else it continues the one above. */
export function renderEntry(v: MessageView, entry: ChatEntry, head = true) {
  const t = v.i18n;
  const selfId = v.selfId;
  if (entry.kind === 'gap') return html`<div part="gap" class="gap-marker" role="note">${t.t('chat.gap')}</div>`;
  const m = entry.message;
  // Issue 29: the line of a cleared chat is the system's, whoever cleared it.
  const cleared = m.kind === 'moderation';
  const system = m.from === null || cleared;
  const mention = !!selfId && m.from?.userId !== selfId && !!m.mentions?.includes(selfId);
  // Each flag is a class and, prefixed, a part: `private` and `message-private`, `failed` and `message-failed`.
  const own = !system && m.from?.userId === selfId;
  const flags = [
    system && 'system',
    own && 'own',
    m.private && 'private',
    m.kind === 'emoji' && 'emoji',
    mention && 'mention',
    entry.status !== 'sent' && entry.status,
  ].filter(Boolean);
  const parts = ['message', ...flags.map((f) => `message-${f}`)].join(' ');
  const classes = ['message', head ? 'head' : 'cont', ...flags].join(' ');
  const privateLabel =
    m.to && m.from?.userId === selfId ? t.t('chat.privateTo', { name: m.to.name }) : t.t('chat.private');
  const actionable = entry.status === 'sent' && !system && !m.deleted && (m.kind === 'chat' || m.kind === 'file');
  const name = author(t, m.from, selfId);
  const rich = !system && !m.deleted && !m.file && v.format?.(m.text);
  // While presenting, a private message blurs until pointed at or focused: it takes focus, for the keyboard.
  const focus = m.private && v.presenting ? '0' : nothing;
  return html`<article part=${parts} class=${classes} data-message-id=${m.id} tabindex=${focus} aria-label=${m.kind === 'emoji' ? t.t('chat.reacted', { name }) : nothing}>
      ${head && m.from ? renderAvatar(v, m.from) : nothing}
      <div class="meta ${system ? 'sr-only' : ''}">
        <span part="message-author" class="author ${head ? '' : 'sr-only'}">${name}</span>
        <time part="message-time" datetime=${new Date(m.ts).toISOString()}>${t.time(m.ts)}</time>
        ${m.private ? html`<span part="message-private-mark">${privateLabel}</span>` : nothing}
        ${entry.status === 'pending' || entry.status === 'queued' ? html`<span>${t.t(entry.status === 'pending' ? 'chat.sending' : 'chat.queued')}</span>` : nothing}
        ${mention ? html`<span class="mention-mark">${t.t('chat.mentioned')}</span>` : nothing}
        ${m.edited && !m.deleted ? html`<span part="message-edited">${t.t('chat.edited')}</span>` : nothing}
        ${
          actionable
            ? html`<button part="message-actions" class="more" type="button" aria-haspopup="menu" aria-expanded=${v.menuFor === m.id ? 'true' : 'false'} aria-label=${t.t('chat.actions')}
              @click=${() => v.openMenu(m.id)}>${icon(ellipsis)}</button>`
            : nothing
        }
      </div>
      ${actionable && v.menuFor === m.id ? v.menu(m) : nothing}
      ${m.replyTo ? renderQuote(v, m.replyTo) : nothing}
      ${
        m.deleted
          ? html`<p part="message-deleted" class="text deleted">${t.t('chat.deleted')}</p>`
          : m.file
            ? renderFile(v, m.file)
            : m.poll
              ? v.poll(m)
              : rich
                ? html`<div part="message-text" class="text" dir="auto">${rich}</div>`
                : html`<p part="message-text" class="text" dir="auto">${cleared ? t.t('chat.cleared') : renderText(system ? t.serverText(m.text) : m.text)}</p>`
      }
      ${m.reactions?.length ? renderReactions(v, m.id, m.reactions) : nothing}
      ${
        entry.status === 'failed'
          ? html`<span role="alert">${t.t('chat.notSent', { reason: t.serverText(`error.${entry.code}`, entry.error) })}</span><button part="retry-button" class="retry" type="button" @click=${() => v.retry(entry)}>${t.t('chat.retry')}</button>`
          : nothing
      }
    </article>`;
}

function renderQuote(v: MessageView, q: Quote) {
  const body = html`<span class="author">${author(v.i18n, q.from, v.selfId)}</span>
      <span class="excerpt" dir="auto">${q.deleted ? v.i18n.t('chat.deleted') : q.excerpt}</span>`;
  return v.original(q.id)
    ? html`<button part="message-quote" class="quote" type="button" @click=${() => v.showOriginal(q.id)}>${body}</button>`
    : html`<div part="message-quote" class="quote">${body}</div>`;
}

function renderReactions(v: MessageView, id: string, reactions: Reaction[]) {
  const t = v.i18n;
  return html`<div part="reactions" class="reactions" role="group" aria-label=${t.t('chat.reactions')}>
      ${reactions.map((r) => {
        const names = r.users.map((u) => u.name).join(', ');
        return html`<button part="reaction" class="reaction" type="button" aria-pressed=${r.users.some((u) => u.userId === v.selfId) ? 'true' : 'false'} title=${names}
          aria-label=${t.t('chat.reactedBy', { emoji: `${r.emoji} ${r.count}`, names })} @click=${() => v.react(id, r.emoji)}>${r.emoji} ${r.count}</button>`;
      })}
    </div>`;
}

function renderFile(v: MessageView, f: FileAttachment) {
  const url = v.link(f);
  const t = v.i18n;
  return html`<div part="attachment" class="attachment">
      ${
        f.inline && url
          ? html`<a href=${url} target="_blank" rel="noopener"><img part="attachment-image" src=${url} alt=${f.name} loading="lazy" /></a>`
          : nothing
      }
      <span class="file-name" dir="auto">${f.name}</span>
      <span class="file-meta">${formatSize(f.size, t.locale)} · ${f.type}</span>
      <a part="attachment-link" href=${url ?? nothing} download=${f.name} target="_blank" rel="noopener">${t.t('chat.download')}</a>
    </div>`;
}

/** What the message list shows: the chat's entries, the welcome, the scroll window and the list's label. */
interface LogView {
  entries: ChatEntry[];
  welcome: string | null | undefined;
  window: ScrollWindow;
  label: string;
  /** The history has loaded: with no message, the empty state shows. */
  empty: boolean;
}

/** The message list (`role="log"`): the welcome, "Show earlier" when the window hides older ones, and the window. */
export function renderLog(v: MessageView, { entries, welcome, window: win, label, empty }: LogView) {
  const shown = entries.slice(-win.size);
  // Not a live region: new messages are announced by src/components/room-chat/chat-live.ts, bursts summarised.
  return html`<div part="log" class="log ${v.presenting ? 'presenting' : ''}" role="log" aria-live="off" aria-label=${label} tabindex="0" @scroll=${win.onScroll}>
    ${
      welcome
        ? html`<article part="message message-system" class="message system"><p part="message-text" class="text" dir="auto">${renderText(welcome)}</p></article>`
        : nothing
    }
    ${
      entries.length > win.size
        ? html`<button part="show-earlier" class="show-earlier" type="button" @click=${win.showEarlier}>${v.i18n.t('chat.showEarlier')}</button>`
        : nothing
    }
    ${repeat(
      shown,
      (e) => e.id,
      (e, i) => {
        const prev = shown[i - 1];
        const ts = e.kind === 'message' ? e.message.ts : 0;
        const day = ts && (prev?.kind !== 'message' || startOfDay(prev.message.ts) !== startOfDay(ts));
        const label = day ? dayLabel(v.i18n.locale, ts) : '';
        return html`${day ? html`<div part="day-separator" class="day" role="separator" aria-label=${label}><span aria-hidden="true">${label}</span></div>` : nothing}${renderEntry(v, e, e.kind !== 'message' || !continues(prev, e.message))}`;
      },
    )}
    ${
      empty && entries.length === 0
        ? html`<div part="empty" class="empty">${icon(messageCircle)}<p>${v.i18n.t('chat.empty')}</p></div>`
        : nothing
    }
  </div>`;
}
