import type { ReactiveControllerHost } from 'lit';
import type { RoomMessage } from '../../core/public-types.ts';
import type { LocaleController } from '../../i18n/locale-controller.ts';
import { LiveAnnouncer } from '../live-announcer.ts';
import type { AnnounceMode } from '../room-element.ts';

export interface ChatLiveOptions {
  i18n: LocaleController;
  mode(): AnnounceMode;
  self(): string | undefined;
  /** No view of the room has shown it yet: news, not history. */
  unread(id: string): boolean;
}

/**
 * What a screen reader hears of the chat: each new message from someone else, or, in a busy room, one summary every
 * few seconds ("5 new messages from 3 people"); `announce` narrows it to private messages and mentions, or nothing.
 * The log itself is not a live region, so that a burst is never read message by message.
 */
export class ChatLive {
  readonly #announcer: LiveAnnouncer;

  constructor(
    host: ReactiveControllerHost,
    private readonly o: ChatLiveOptions,
  ) {
    this.#announcer = new LiveAnnouncer(host, o.mode, (items) => {
      const people = new Set(items.map((s) => s.from)).size;
      return o.i18n.t('chat.burst', { count: items.length, people: o.i18n.t('chat.people', { count: people }) });
    });
  }

  message(m: RoomMessage): void {
    // A deleted message, or a cleared chat, is never read out afterwards.
    if (m.kind === 'message_deleted') return this.#announcer.forget(m.deletion?.messageId);
    if (m.moderation?.action === 'clear') return this.#announcer.forget();
    const self = this.o.self();
    const from = m.from;
    if ((m.kind !== 'chat' && m.kind !== 'file') || from?.userId === self || m.deleted || !this.o.unread(m.id)) return;
    // A backend's line (no sender) is the room's news too.
    if (!from) return this.#announcer.say({ id: m.id, text: this.o.i18n.serverText(m.text), direct: m.private });
    const mention = !!self && !!m.mentions?.includes(self);
    const key = m.private ? 'chat.announcePrivate' : mention ? 'chat.announceMention' : 'chat.announce';
    const text = this.o.i18n.t(key, { name: from.name, text: m.text });
    this.#announcer.say({ id: m.id, text, from: from.userId, direct: m.private || mention });
  }

  render() {
    return this.#announcer.render();
  }
}
