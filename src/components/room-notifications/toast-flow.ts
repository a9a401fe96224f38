import { showDesktop } from '../../core/desktop-notifier.ts';
import type { NotificationSettings } from '../../core/notification-settings.ts';
import type { NotificationLevel, RoomMessage, HandChange } from '../../core/public-types.ts';
import type { PresenceChange } from '../../core/store/state.ts';
import type { Toast, ToastQueue } from '../../core/toast-queue.ts';
import type { RoomEventMap } from '../../events/events.ts';
import type { LocaleController } from '../../i18n/locale-controller.ts';
import type { Announcer } from './announcer.ts';
import { MeetingFeed } from './meeting-feed.ts';
import type { ChatPreviews, MeetingToast } from './meeting-toasts.ts';
import type { ToastSound } from './toast-sound.ts';
import type { ToastStack } from './toast-stack.ts';
import { levelLabel, type NotifyOptions } from './toast-view.ts';

/** What the flow reads of its `<room-notifications>` and the parts it drives. */
export interface ToastFlowParts {
  i18n: LocaleController;
  queue: ToastQueue;
  stack: ToastStack;
  announcer: Announcer;
  sound: ToastSound;
  settings(): NotificationSettings;
  options(): {
    muted: boolean;
    desktopNotifications: boolean;
    replayWindow: number;
    presenceSoundLimit: number;
    chatPreviews: ChatPreviews;
    presence: string;
  };
  self(): string | undefined;
  participants(): number;
  unread(id: string): boolean;
  loadMeeting(): Promise<typeof import('./meeting-toasts.ts') | null>;
  emit<K extends keyof RoomEventMap>(name: K, detail: RoomEventMap[K]['detail'], cancelable?: boolean): boolean;
  /** Lists a notification in the centre (`replace`: in place of one with its id). */
  list(entry: { id: string; level: NotificationLevel; text: string; ts: number; missed: boolean }): void;
}

/**
 * From what happens to a toast on screen: the room's notifications (category `system`), the host's `notify()`
 * (`host`, replacing in place by id), chat previews (`chat`) and joins/leaves (`presence`). Each goes through the
 * user's settings for its type, is announced, plays its sound, and raises an OS notification where it should.
 */
export class ToastFlow {
  readonly #meeting: MeetingFeed;

  constructor(private readonly p: ToastFlowParts) {
    this.#meeting = new MeetingFeed({
      previews: () => p.options().chatPreviews,
      presence: () => p.options().presence !== 'off',
      load: () => p.loadMeeting(),
      host: {
        t: (key, ...params) => p.i18n.t(key, ...params),
        list: (names, type) => new Intl.ListFormat(p.i18n.locale, { type }).format(names),
        self: () => p.self(),
        unread: (id) => p.unread(id),
        shown: (id) => p.queue.has(id),
        show: (t) => this.#meetingToast(t),
      },
    });
  }

  /** The host page's own notification (`notify()`); see the element's `notify`. */
  host(level: NotificationLevel, text: string, options: boolean | NotifyOptions): string {
    const {
      withSound = false,
      actions = [],
      id: given,
    } = typeof options === 'boolean' ? { withSound: options } : options;
    const id = given ? String(given) : `local-${crypto.randomUUID()}`;
    const ts = Date.now();
    const replaced = this.p.queue.has(id);
    // Its event comes from this element, and it is listed here (a room's come from the store).
    if (
      !replaced &&
      !this.p.emit('room-notification', { id, type: level, category: 'host', text, withSound, ts }, true)
    )
      return id;
    this.p.stack.setActions(id, actions);
    this.p.list({ id, level, text, ts, missed: false });
    const { sound, popup } = this.p.settings()[level];
    if (popup) this.#present({ id, level, text, ts, missed: false, category: 'host' }, withSound && sound);
    return id;
  }

  /** A message of the room: a notification (the host did not cancel it), or chat a preview may stand for. */
  room(m: RoomMessage, shows: boolean): void {
    if (m.kind !== 'notification') return this.#meeting.message(m);
    const level = m.level ?? 'info';
    const { sound, popup } = this.p.settings()[level];
    if (!shows || !popup) return;
    const missed = Date.now() - m.ts > this.p.options().replayWindow;
    const text = m.from === null ? this.p.i18n.serverText(m.text) : m.text;
    // A backend's id names the toast, so that its next notification with that id replaces it in place.
    const id = m.notificationId ? `backend:${m.notificationId}` : m.id;
    this.#present({ id, level, text, ts: m.ts, missed, category: 'system' }, m.withSound === true && sound);
  }

  presence(change: PresenceChange): void {
    this.#meeting.presence(change);
  }

  /** An admin's toasts say who raised a hand, batched like joins (`room-notifications` asks only for admins). */
  hand(change: HandChange): void {
    if (change.raised && change.userId !== this.p.self()) this.#meeting.hand(change);
  }

  /** A chat preview or a presence line: its own `room-notification` (cancelable) when it first shows. */
  #meetingToast(t: MeetingToast): void {
    const { sound, popup } = this.p.settings()[t.category];
    if (!popup) return;
    const crowd = this.p.participants() > this.p.options().presenceSoundLimit;
    const withSound = t.fresh && sound && (t.category === 'chat' || !crowd);
    const detail = { id: t.id, type: 'info' as const, category: t.category, text: `${t.title}\n${t.text}`, withSound };
    if (t.fresh && !this.p.emit('room-notification', { ...detail, ts: Date.now() }, true)) return;
    if (t.messageId) this.p.stack.setOpen(t.id, { messageId: t.messageId, direct: !!t.direct });
    this.#present({ ...t, level: 'info', ts: Date.now(), missed: false }, withSound, !!t.direct && t.fresh);
  }

  /** Shows (or replaces in place) a toast, announced, with its sound and, while the page is hidden, an OS notification. */
  #present(toast: Omit<Toast, 'count' | 'sticky'>, withSound: boolean, desktop = true): void {
    const { merged, replaced } = this.p.queue.add({ ...toast, sticky: this.p.stack.sticky(toast.id) });
    const { level, text, missed, id } = toast;
    const { muted, desktopNotifications } = this.p.options();
    const label = toast.title ?? levelLabel(this.p.i18n, toast);
    this.p.announcer.say(level, this.p.i18n.t('notifications.announce', { label, text }));
    if (withSound && !muted && !missed) void this.p.sound.play(level);
    if (desktopNotifications && desktop && !missed && !merged && !replaced && showDesktop(label, text, id))
      this.p.emit('room-desktop-notification', { id, type: level, text });
  }
}
