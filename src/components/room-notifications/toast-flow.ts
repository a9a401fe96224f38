import { showDesktop } from '../../core/desktop-notifier.ts';
import type { NotificationSettings } from '../../core/notification-settings.ts';
import type { NotificationLevel, RoomMessage, HandChange } from '../../core/public-types.ts';
import type { PresenceChange } from '../../core/store/state.ts';
import type { Toast, ToastQueue } from '../../core/toast-queue.ts';
import type { RoomEventMap } from '../../events/events.ts';
import type { LocaleController } from '../../i18n/locale-controller.ts';
import type { LiveAnnouncer } from '../live-announcer.ts';
import { countMessage, emptyTally, isEmpty, type AwayWatch, type Tally } from './away-watch.ts';
import { MeetingFeed } from './meeting-feed.ts';
import type { ChatPreviews, DigestKind, MeetingToast } from './meeting-toasts.ts';
import type { ToastSound } from './toast-sound.ts';
import type { ToastStack } from './toast-stack.ts';
import { levelLabel, type NotifyOptions } from './toast-view.ts';

/** While the user is away, a toast's sound plays only if none did within this many ms: one for a burst. */
const AWAY_SOUND_GAP_MS = 10_000;

/** What the flow reads of its `<room-notifications>` and the parts it drives. */
export interface ToastFlowParts {
  i18n: LocaleController;
  queue: ToastQueue;
  stack: ToastStack;
  announcer: LiveAnnouncer;
  sound: ToastSound;
  away: AwayWatch;
  presenting(): boolean;
  /** Shows the catch-up card (after an absence) or the summary (after presenting). */
  digest(kind: DigestKind, tally: Tally): void;
  settings(): NotificationSettings;
  options(): {
    muted: boolean;
    desktopNotifications: boolean;
    replayWindow: number;
    presenceSoundLimit: number;
    chatPreviews: ChatPreviews;
    presence: string;
    catchUpAfter: number;
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
  /** What arrived since presenting began, for the summary when it ends. */
  #presented: Tally | null = null;

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
        shown: (id) => p.queue.has(id) || p.away.isHeld(id),
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
    if (m.kind !== 'notification') {
      if (this.#counts(m)) for (const t of this.#tallies()) countMessage(t, m, this.p.self());
      return this.#meeting.message(m);
    }
    const level = m.level ?? 'info';
    const { sound, popup } = this.p.settings()[level];
    if (!shows || !popup) return;
    const missed = Date.now() - m.ts > this.p.options().replayWindow;
    const text = m.from === null ? this.p.i18n.serverText(m.text) : m.text;
    // A backend's id names the toast, so that its next notification with that id replaces it in place.
    const id = m.notificationId ? `backend:${m.notificationId}` : m.id;
    this.#present(
      { id, level, text, ts: m.ts, missed, category: 'system' },
      m.withSound === true && sound,
      true,
      m.private,
    );
  }

  /** Presenting started or stopped: when it stops, one summary of what came meanwhile. */
  presenting(on: boolean): void {
    const tally = this.#presented;
    this.#presented = on ? emptyTally() : null;
    if (!on && tally && !isEmpty(tally)) this.p.digest('summary', tally);
  }

  /** The user is back: a long absence ends in one catch-up card, a short one shows what waited. */
  back(held: Array<() => void>, tally: Tally, long: boolean): void {
    if (!long) for (const run of held) run();
    else if (!isEmpty(tally)) this.p.digest('catch-up', tally);
  }

  /** A chat message a preview would have stood for: from someone else, new, of the kind previews show. */
  #counts(m: RoomMessage): boolean {
    const self = this.p.self();
    if ((m.kind !== 'chat' && m.kind !== 'file') || !m.from || m.from.userId === self || m.deleted) return false;
    const previews = this.p.options().chatPreviews;
    const direct = m.private || (!!self && !!m.mentions?.includes(self));
    return this.p.unread(m.id) && (previews === 'all' || (previews === 'direct' && direct));
  }

  #tallies(): Tally[] {
    return [this.#presented, this.p.away.holding ? this.p.away.tally : null].filter((t) => t !== null);
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
    this.#present({ ...t, level: 'info', ts: Date.now(), missed: false }, withSound, !!t.direct && t.fresh, t.direct);
  }

  /**
   * Shows (or replaces in place) a toast, announced, with its sound and, while the page is hidden, an OS notification.
   * While the user is away, the toast waits (errors never do) and a returning burst plays one sound; while presenting,
   * a private message's or notification's text is hidden and no OS notification goes out.
   */
  #present(toast: Omit<Toast, 'count' | 'sticky'>, withSound: boolean, desktop = true, direct = false): void {
    const presenting = this.p.presenting();
    const { level, missed, id } = toast;
    const text = direct && presenting ? this.p.i18n.t('notifications.hiddenText') : toast.text;
    const { muted, desktopNotifications } = this.p.options();
    const label = toast.title ?? levelLabel(this.p.i18n, toast);
    const away = this.p.away;
    const waits = away.holding && level !== 'error';
    // An error shows on its own, whatever the user is doing: the digests count the rest.
    if (level !== 'error' && (toast.category === 'system' || toast.category === 'host'))
      for (const t of this.#tallies()) t.notifications++;
    if (withSound && !muted && !missed && !(waits && Date.now() - away.lastSound < AWAY_SOUND_GAP_MS)) {
      if (waits) away.lastSound = Date.now();
      void this.p.sound.play(level);
    }
    const show = (): boolean => {
      const { merged, replaced } = this.p.queue.add({ ...toast, text, sticky: this.p.stack.sticky(id) });
      this.p.announcer.say({ id, level, direct, text: this.p.i18n.t('notifications.announce', { label, text }) });
      return !merged && !replaced;
    };
    const raise = desktopNotifications && desktop && !missed && !presenting;
    if (waits) {
      // The toast waits for the user; its OS notification is what tells them while the page is hidden.
      const fresh = !away.isHeld(id);
      away.hold(id, show);
      if (raise && fresh && showDesktop(label, text, id))
        this.p.emit('room-desktop-notification', { id, type: level, text });
    } else if (show() && raise && showDesktop(label, text, id))
      this.p.emit('room-desktop-notification', { id, type: level, text });
  }
}
