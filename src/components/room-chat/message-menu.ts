import { html, nothing } from 'lit';
import { reply, trash, x } from '../icons.ts';
import { icon } from '../theme.ts';

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
  return [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
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
export function focusFirst(root: ParentNode): void {
  const menu = root.querySelector<HTMLElement>('[part="message-menu"]');
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
    ${host.more ? item(t('chat.moreReactions'), () => (host.close(false), host.more!())) : nothing}
    ${host.canDelete ? item(t('chat.delete'), () => host.delete(), undefined, trash) : nothing}
  </div>`;
}

export function renderReplying({ t, name, excerpt, cancel }: ReplyingHost) {
  return html`<style>
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
    </style>
    <div part="reply-preview" class="replying">
      <span>${t('chat.replyingTo', { name })}</span>
      <span class="excerpt" dir="auto">${excerpt}</span>
      <button part="reply-cancel" type="button" aria-label=${t('chat.cancelReply')} title=${t('chat.cancelReply')} @click=${cancel}>${icon(x)}</button>
    </div>`;
}
