import { html, nothing } from 'lit';
import { enModeration } from '../../i18n/en-moderation.ts';
import { addEnglish } from '../../i18n/registry.ts';
import type { RoomMessage } from '../../core/public-types.ts';
import type { RoomState } from '../../core/store/state.ts';
import { pencil, pin, reply, shield, trash, x } from '../icons.ts';
import { icon } from '../theme.ts';
import type { ChatActions } from './chat-actions.ts';
import { plainExcerpt } from './plain-excerpt.ts';

addEnglish(enModeration);

/**
 * The per-message action menu, loaded on demand (the chat reaches it only through `import()`): reply, a few quick
 * reactions, delete. It knows nothing of the chat: the element hands it labels and callbacks.
 */
/** Words through the chat's i18n layer: a `chat.*` key of the English catalogue, and its parameters. */
export type Translate = (key: string, params?: Record<string, string>) => string;

export interface MenuHost {
  t: Translate;
  /** The composer is open (not locked, connected). */
  canReply: boolean;
  /** The author, or an admin: the server refuses anyone else anyway (`not_allowed`). */
  canDelete: boolean;
  reply(): void;
  react(emoji: string): void;
  delete(): void;
  /** Opens the emoji picker to react with any emoji (absent: the host turned the picker off). */
  more?(): void;
  /** Issue 29, each absent when not offered: edit your own message; pin or unpin (`pinned`); mute its author. */
  edit?: () => void;
  pinned?: boolean;
  pin?: () => void;
  mute?: { name: string; muted: boolean; run(): void };
  /** `refocus`: give focus back to the button that opened the menu (Escape); not when focus left on its own. */
  close(refocus: boolean): void;
}

/** Above the composer while replying (which only this menu starts). */
export interface ReplyingHost {
  t: Translate;
  /** The original's author, as the chat names them. */
  name: string;
  excerpt: string;
  cancel(): void;
}

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '🎉', '👏'];

const styles = html`<style>
  .menu {
    position: absolute;
    inset-inline-end: 0;
    top: 100%;
    z-index: 2;
    display: flex;
    flex-wrap: wrap;
    gap: 2px;
    max-width: 15em;
    padding: 4px;
  }
  .menu button {
    font: inherit;
    min-height: 2em;
    min-width: 2em;
    padding: 2px 6px;
    border: 0;
    border-radius: 4px;
    background: none;
    color: inherit;
    cursor: pointer;
  }
  .menu button:hover,
  .menu button:focus-visible {
    background: var(--_system-bg);
    outline: 2px solid var(--_focus);
  }
  .menu .wide {
    flex: 1 0 100%;
    text-align: start;
  }
</style>`;

function items(menu: HTMLElement): HTMLElement[] {
  return [...menu.querySelectorAll<HTMLElement>('[role^="menuitem"]')];
}

/** Arrow keys move through the items (wrapping), Home and End jump, Escape closes, Tab closes and moves on. */
function onKeydown(host: MenuHost, e: KeyboardEvent): void {
  const menu = e.currentTarget as HTMLElement;
  const all = items(menu);
  const at = all.indexOf(e.target as HTMLElement);
  const step: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
  let next = -1;
  if (e.key in step) next = (at + step[e.key]! + all.length) % all.length;
  else if (e.key === 'Home') next = 0;
  else if (e.key === 'End') next = all.length - 1;
  else if (e.key === 'Escape') {
    e.preventDefault();
    e.stopPropagation();
    return host.close(true);
  } else if (e.key === 'Tab') return host.close(false);
  if (next < 0) return;
  e.preventDefault();
  all[next]!.focus();
}

/** Called by the chat once the menu it opened is rendered (not on later renders, which must not pull focus back). */
export function focusFirst(root: ParentNode, part = 'message-menu'): void {
  const menu = root.querySelector<HTMLElement>(`[part="${part}"]`);
  if (menu) items(menu)[0]?.focus();
}

export function renderMenu(host: MenuHost) {
  const t = host.t;
  // A click or tap elsewhere moves focus out of the menu, which closes it.
  const onFocusout = (e: FocusEvent) => {
    if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) host.close(false);
  };
  const item = (text: string, run: () => void, label?: string, d?: string) =>
    html`<button part="message-menu-item" class=${label ? '' : 'wide'} role="menuitem" type="button" tabindex="-1" aria-label=${label ?? nothing} @click=${run}>${d ? icon(d) : nothing}${text}</button>`;
  return html`${styles}<div
    part="message-menu"
    class="menu popup"
    role="menu"
    aria-label=${t('chat.actions')}
    @keydown=${(e: KeyboardEvent) => onKeydown(host, e)}
    @focusout=${onFocusout}
    @mousedown=${(e: Event) => e.preventDefault()}
  >
    ${host.canReply ? item(t('chat.reply'), () => host.reply(), undefined, reply) : nothing}
    ${QUICK_REACTIONS.map((emoji) => item(emoji, () => host.react(emoji), t('chat.react', { emoji })))}
    ${host.more ? item(t('chat.moreReactions'), host.more) : nothing}
    ${host.edit ? item(t('chat.edit'), host.edit, undefined, pencil) : nothing}
    ${host.pin ? item(t(host.pinned ? 'chat.unpin' : 'chat.pin'), host.pin, undefined, pin) : nothing}
    ${host.mute ? item(t(host.mute.muted ? 'chat.unmute' : 'chat.mute', { name: host.mute.name }), host.mute.run) : nothing}
    ${host.canDelete ? item(t('chat.delete'), () => host.delete(), undefined, trash) : nothing}
  </div>`;
}

/** The reply preview's and the edit preview's look. */
const previewStyles = html`<style>
      .replying {
        grid-column: 1 / -1;
        display: flex;
        gap: 6px;
        font-size: 0.85em;
        color: var(--_muted);
      }
      .replying .excerpt {
        flex: 1;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
    </style>`;

export function renderReplying({ t, name, excerpt, cancel }: ReplyingHost) {
  return html`${previewStyles}
    <div part="reply-preview" class="replying">
      <span>${t('chat.replyingTo', { name })}</span>
      <span class="excerpt" dir="auto">${excerpt}</span>
      <button part="reply-cancel" type="button" aria-label=${t('chat.cancelReply')} title=${t('chat.cancelReply')} @click=${cancel}>${icon(x)}</button>
    </div>`;
}

/** Issue 29: the admins' chat menu (lock, slow mode, clear), keyboard-driven like the message menu. */
export interface ChatMenuHost {
  t: Translate;
  locked: boolean;
  /** Slow mode's seconds now; 0: off. */
  slow: number;
  lock(locked: boolean): void;
  slowMode(seconds: number): void;
  clear(): void;
  close(refocus: boolean): void;
}

/** Slow mode's choices in the chat menu, in seconds (0: off). */
export const SLOW_CHOICES = [0, 5, 30, 60];

export function renderChatMenu(host: ChatMenuHost) {
  const t = host.t;
  const item = (text: string, run: () => void, checked?: boolean) =>
    html`<button part="chat-menu-item" class="wide" role=${checked === undefined ? 'menuitem' : 'menuitemradio'} aria-checked=${checked ?? nothing} type="button" tabindex="-1" @click=${() => (host.close(true), run())}>${text}</button>`;
  return html`${styles}<div
    part="chat-menu"
    class="menu popup"
    role="menu"
    aria-label=${t('chat.moderation')}
    @keydown=${(e: KeyboardEvent) => onKeydown(host as unknown as MenuHost, e)}
    @focusout=${(e: FocusEvent) =>
      (e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null) || host.close(false)}
    @mousedown=${(e: Event) => e.preventDefault()}
  >
    ${item(t(host.locked ? 'chat.unlock' : 'chat.lock'), () => host.lock(!host.locked))}
    ${SLOW_CHOICES.map((s) =>
      item(
        s ? t('chat.slowEvery', { seconds: String(s) }) : t('chat.slowOff'),
        () => host.slowMode(s),
        host.slow === s,
      ),
    )}
    ${item(t('chat.clear'), () => host.clear())}
  </div>`;
}

/** A pin as the bar shows it. */
export interface PinView {
  id: string;
  name: string;
  excerpt: string;
}

/** The pinned bar above the log: newest first; a click shows the message; admins unpin. */
export function renderPinned(t: Translate, pins: PinView[], show: (id: string) => void, unpin?: (id: string) => void) {
  return html`<style>
      .pinned {
        display: grid;
        gap: 2px;
        padding: 4px;
        border-bottom: 1px solid var(--_border);
      }
      .pinned div {
        display: flex;
        gap: 4px;
      }
      .pinned [part='pinned-message'] {
        flex: 1;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        text-align: start;
        font: inherit;
        border: 0;
        background: none;
        color: inherit;
        cursor: pointer;
      }
    </style>
    <section class="pinned" aria-label=${t('chat.pinned')}>
      ${pins.map(
        (p) =>
          html`<div><button part="pinned-message" type="button" dir="auto" @click=${() => show(p.id)}>${icon(pin)} <b>${p.name}</b> ${plainExcerpt(p.excerpt)}</button>${
            unpin
              ? html`<button part="pinned-unpin" type="button" aria-label=${`${t('chat.unpin')}: ${plainExcerpt(p.excerpt)}`} title=${t('chat.unpin')} @click=${() => unpin(p.id)}>${icon(x)}</button>`
              : nothing
          }</div>`,
      )}
    </section>`;
}

/** Above the composer while editing a message of yours. */
export function renderEditing(t: Translate, cancel: () => void) {
  return html`${previewStyles}<div part="edit-preview" class="replying">
    <span>${t('chat.editing')}</span>
    <button part="edit-cancel" type="button" aria-label=${t('chat.cancelEdit')} title=${t('chat.cancelEdit')} @click=${cancel}>${icon(x)}</button>
  </div>`;
}

/** What the chat's moderation hook (moderation-hook.ts) hands this module on each render. */
export interface ModerationContext {
  host: ChatActions;
  s: RoomState;
  t: Translate;
  /** Kept by the hook between renders: the chat menu open, slow mode's interval seen since when, the countdown. */
  memo: { open: boolean; seconds: number; since: number; tick: number };
  show(id: string): void;
  edit(m: RoomMessage): void;
}

/** The UI's own actions: the chat shows a refusal (ChatActions), nobody awaits them. */
const quietly = (action: Promise<unknown>): void => void action.catch(() => {});

/**
 * Why this user's composer waits under the room's moderation (muted; slow mode's countdown after their last message
 * sent under it, re-rendered each second), else slow mode's hint.
 */
export function moderationNotice({ host, s, t, memo }: ModerationContext): { reason: string; hint: string } {
  const self = s.self;
  if (!self || self.isAdmin) return { reason: '', hint: '' };
  const { muted = [], slowMode: slow = 0 } = s.room?.moderation ?? {};
  if (slow !== memo.seconds) Object.assign(memo, { seconds: slow, since: Date.now() });
  let last = 0;
  for (const e of s.chat)
    if (e.kind === 'message' && e.status === 'sent' && e.message.from?.userId === self.userId) last = e.message.ts;
  const wait = slow && last >= memo.since ? Math.ceil((last + slow * 1000 - Date.now()) / 1000) : 0;
  clearTimeout(memo.tick);
  if (wait > 0) memo.tick = window.setTimeout(() => host.requestUpdate(), 1000);
  if (muted.includes(self.userId)) return { reason: t('chat.disabled.muted'), hint: '' };
  if (wait > 0) return { reason: t('chat.slowWait', { seconds: String(wait) }), hint: '' };
  return { reason: '', hint: slow > 0 ? t('chat.slowMode', { seconds: String(slow) }) : '' };
}

/** The admins' menu button and menu, and the pinned bar (the room's pins, but for messages deleted since). */
export function renderModeration(ctx: ModerationContext) {
  const { host: h, s, t, memo } = ctx;
  const room = s.room!;
  const admin = !!s.self?.isAdmin;
  const listed = new Map(s.chat.map((e) => [e.id, e.kind === 'message' ? e.message : undefined]));
  const pins = (room.moderation?.pins ?? []).flatMap((p) => {
    const m = listed.get(p.id);
    return m?.deleted
      ? []
      : [{ id: p.id, name: p.from?.name ?? '', excerpt: m ? (m.file?.name ?? m.text) : p.excerpt }];
  });
  const close = (refocus: boolean) => {
    memo.open = false;
    h.requestUpdate();
    if (refocus) void h.updateComplete.then(() => h.renderRoot.querySelector<HTMLElement>('.chat-menu')?.focus());
  };
  const open = async () => {
    memo.open = !memo.open;
    h.requestUpdate();
    await h.updateComplete;
    focusFirst(h.renderRoot, 'chat-menu');
  };
  return html`${
    admin
      ? html`<style>
          .chat-menu-wrap {
            position: relative;
            min-height: 28px;
          }
        </style><div class="chat-menu-wrap"><button part="chat-menu-button" class="chat-menu more" type="button" aria-haspopup="menu" aria-expanded=${memo.open ? 'true' : 'false'} aria-label=${t('chat.moderation')} title=${t('chat.moderation')} @click=${open}>${icon(shield)}</button>
          ${
            memo.open
              ? renderChatMenu({
                  t,
                  locked: room.locks.lockChat,
                  slow: room.moderation?.slowMode ?? 0,
                  lock: (on) => quietly(h.lockChat(on)),
                  slowMode: (seconds) => quietly(h.setSlowMode(seconds)),
                  clear: () => quietly(h.clearChat()),
                  close,
                })
              : nothing
          }</div>`
      : nothing
  }${pins.length ? renderPinned(t, pins, ctx.show, admin ? (id) => quietly(h.unpinMessage(id)) : undefined) : nothing}`;
}

/** The message menu's issue 29 items for message `m`: edit your own, pin and mute for admins. */
export function moderationActions({ host: h, s, edit }: ModerationContext, m: RoomMessage) {
  const self = s.self;
  const moderation = s.room?.moderation;
  const pinned = !!moderation?.pins.some((p) => p.id === m.id);
  const author = m.from;
  const muted = !!author && !!moderation?.muted.includes(author.userId);
  return {
    ...(author?.userId === self?.userId && m.kind === 'chat' && { edit: () => edit(m) }),
    ...(self?.isAdmin &&
      !m.private && { pinned, pin: () => quietly(pinned ? h.unpinMessage(m.id) : h.pinMessage(m.id)) }),
    ...(self?.isAdmin &&
      author &&
      author.userId !== self.userId && {
        mute: { name: author.name, muted, run: () => quietly(h.muteParticipant(author.userId, !muted)) },
      }),
  };
}
