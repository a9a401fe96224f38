import { nothing, type ReactiveController } from 'lit';
import type { RoomMessage } from '../../core/public-types.ts';
import type { RoomState } from '../../core/store/state.ts';
import type { ChatActions } from './chat-actions.ts';
import type { ModerationContext, Translate } from './message-menu.ts';
import type { MenuState } from './menu-state.ts';

/**
 * Issue 29 in the chat: the pinned bar, the admins' chat menu, the composer's muted and slow-mode notices and the
 * message menu's edit, pin and mute. All of it is the message menu's module (message-menu.ts), loaded when the room
 * needs it (a pin, a moderation that concerns this user, an admin), so a chat without moderation pays nothing more.
 */
export class ModerationHook implements ReactiveController {
  readonly #memo: ModerationContext['memo'] = { open: false, seconds: 0, since: 0, tick: 0 };

  constructor(
    private readonly host: ChatActions,
    private readonly o: { menu: MenuState; t: Translate; show(id: string): void; edit(m: RoomMessage): void },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.#memo.tick);
  }

  /** The module and what it is handed, once the room's state needs it; null until then (its load is started). */
  #ctx(s: RoomState | null): [NonNullable<MenuState['module']>, ModerationContext] | null {
    const m = s?.room?.moderation;
    const menu = this.o.menu;
    if (!menu.module && (s?.self?.isAdmin || m?.pins.length || m?.slowMode || m?.muted.length)) void menu.ensure();
    return menu.module && s?.room ? [menu.module, { ...this.o, host: this.host, s, memo: this.#memo }] : null;
  }

  notice(s: RoomState | null): { reason: string; hint: string } {
    const c = this.#ctx(s);
    return c ? c[0].moderationNotice(c[1]) : { reason: '', hint: '' };
  }

  renderTop(s: RoomState | null) {
    const c = this.#ctx(s);
    return c ? c[0].renderModeration(c[1]) : nothing;
  }

  actions(m: RoomMessage, s: RoomState | null) {
    const c = this.#ctx(s);
    return c ? c[0].moderationActions(c[1], m) : {};
  }
}
