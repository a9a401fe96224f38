import { html, nothing, type ReactiveController } from 'lit';
import type { RoomMessage } from '../../core/public-types.ts';
import type { RoomState } from '../../core/store/state.ts';
import { shield } from '../icons.ts';
import { icon } from '../theme.ts';
import type { ChatActions } from './chat-actions.ts';
import type { Translate } from './message-menu.ts';
import type { MenuState } from './menu-state.ts';

/** The UI's own actions: the chat shows a refusal (ChatActions), nobody awaits them. */
const quietly = (action: Promise<unknown>): void => void action.catch(() => {});

/**
 * Issue 29 in the chat: the pinned bar, the admins' chat menu, the composer's muted and slow-mode notices and the
 * message menu's edit, pin and mute. Their templates are the message menu's module, loaded when the room needs them
 * (a pin, a moderation that concerns this user, an admin), so a chat without moderation pays nothing more.
 */
export class ModerationHook implements ReactiveController {
  #chatMenu = false;
  #tick = 0;
  /** Slow mode's interval as last seen, and since when: only messages sent under it count (as on the server). */
  #slow = { seconds: 0, since: 0 };

  constructor(
    private readonly host: ChatActions,
    private readonly o: {
      menu: MenuState;
      t: Translate;
      show(id: string): void;
      edit(m: RoomMessage): void;
    },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.#tick);
  }

  /** The message menu's module, loaded when this room's state needs it; null until then. */
  #module(s: RoomState | null) {
    const m = s?.room?.moderation;
    const menu = this.o.menu;
    if (!menu.module && (s?.self?.isAdmin || m?.pins.length || m?.slowMode || m?.muted.length)) void menu.ensure();
    return menu.module;
  }

  /** Why the composer waits (muted, slow mode's countdown), and slow mode's hint; counted down each second. */
  notice(s: RoomState | null): { reason: string; hint: string } {
    const mod = this.#module(s);
    const self = s?.self;
    if (!mod || !self || self.isAdmin) return { reason: '', hint: '' };
    const { muted = [], slowMode: slow = 0 } = s.room?.moderation ?? {};
    if (slow !== this.#slow.seconds) this.#slow = { seconds: slow, since: Date.now() };
    let last = 0;
    for (const e of s.chat)
      if (e.kind === 'message' && e.status === 'sent' && e.message.from?.userId === self.userId) last = e.message.ts;
    const wait = slow && last >= this.#slow.since ? Math.ceil((last + slow * 1000 - Date.now()) / 1000) : 0;
    clearTimeout(this.#tick);
    if (wait > 0) this.#tick = window.setTimeout(() => this.host.requestUpdate(), 1000);
    return mod.moderationNotice(this.o.t, muted.includes(self.userId), slow, wait);
  }

  /** The admins' menu button and menu, and the pinned bar. */
  renderTop(s: RoomState | null) {
    const mod = this.#module(s);
    if (!mod || !s?.room) return nothing;
    const admin = !!s.self?.isAdmin;
    const h = this.host;
    // The room's pins, but for messages deleted since, with an edited one's text as it is now.
    const listed = new Map(s.chat.map((e) => [e.id, e.kind === 'message' ? e.message : undefined]));
    const pins = (s.room.moderation?.pins ?? []).flatMap((p) => {
      const m = listed.get(p.id);
      return m?.deleted
        ? []
        : [{ id: p.id, name: p.from?.name ?? '', excerpt: m ? (m.file?.name ?? m.text) : p.excerpt }];
    });
    const close = (refocus: boolean) => {
      this.#chatMenu = false;
      h.requestUpdate();
      if (refocus) void h.updateComplete.then(() => h.renderRoot.querySelector<HTMLElement>('.chat-menu')?.focus());
    };
    const open = async () => {
      this.#chatMenu = !this.#chatMenu;
      h.requestUpdate();
      await h.updateComplete;
      mod.focusFirst(h.renderRoot, 'chat-menu');
    };
    return html`${
      admin
        ? html`<div class="chat-menu-wrap"><button part="chat-menu-button" class="chat-menu more" type="button" aria-haspopup="menu" aria-expanded=${this.#chatMenu ? 'true' : 'false'} aria-label=${this.o.t('chat.moderation')} title=${this.o.t('chat.moderation')} @click=${open}>${icon(shield)}</button>
          ${
            this.#chatMenu
              ? mod.renderChatMenu({
                  t: this.o.t,
                  locked: s.room.locks.lockChat,
                  slow: s.room.moderation?.slowMode ?? 0,
                  lock: (on) => quietly(h.lockChat(on)),
                  slowMode: (seconds) => quietly(h.setSlowMode(seconds)),
                  clear: () => quietly(h.clearChat()),
                  close,
                })
              : nothing
          }</div>`
        : nothing
    }${pins.length ? mod.renderPinned(this.o.t, pins, this.o.show, admin ? (id) => quietly(h.unpinMessage(id)) : undefined) : nothing}`;
  }

  /** The message menu's issue 29 items for message `m`. */
  actions(m: RoomMessage, s: RoomState | null) {
    const self = s?.self;
    const h = this.host;
    const moderation = s?.room?.moderation;
    const pinned = !!moderation?.pins.some((p) => p.id === m.id);
    const author = m.from;
    const muted = !!author && !!moderation?.muted.includes(author.userId);
    const q = quietly;
    return {
      ...(author?.userId === self?.userId && m.kind === 'chat' && { edit: () => this.o.edit(m) }),
      ...(self?.isAdmin && !m.private && { pinned, pin: () => q(pinned ? h.unpinMessage(m.id) : h.pinMessage(m.id)) }),
      ...(self?.isAdmin &&
        author &&
        author.userId !== self.userId && {
          mute: { name: author.name, muted, run: () => q(h.muteParticipant(author.userId, !muted)) },
        }),
    };
  }
}
