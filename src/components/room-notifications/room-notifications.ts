import { adoptStyles, html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import { hostEvents } from '../../core/host-events.ts';
import type { NotificationCentre } from '../../core/notification-centre.ts';
import {
  loadSettings,
  saveSetting,
  typesOf,
  type NotificationSettings,
  type SettingName,
  type SettingType,
} from '../../core/notification-settings.ts';
import type { NotificationLevel, RoomMessage, HandChange } from '../../core/public-types.ts';
import { ToastQueue, type Toast } from '../../core/toast-queue.ts';
import { LocaleController } from '../../i18n/locale-controller.ts';
import { NotificationOptions } from './notification-options.ts';
import { bell } from '../icons.ts';
import { icon, themeStyles } from '../theme.ts';
import { StackPlacement } from './chat-avoidance.ts';
import { notificationStyles } from './room-notifications.styles.ts';
import type { PresenceChange } from '../../core/store/state.ts';
import { LiveAnnouncer } from '../live-announcer.ts';
import { AwayWatch } from './away-watch.ts';
import { DigestCard } from './digest-card.ts';
import { TopLayer } from './top-layer.ts';
import { ToastFlow } from './toast-flow.ts';
import { CentreLink } from './centre-link.ts';
import { ToastFocus } from './toast-focus.ts';
import { ToastSound } from './toast-sound.ts';
import { ToastStack } from './toast-stack.ts';
import type { NotifyOptions } from './toast-view.ts';

export type { NotificationPosition, NotifyOptions, ToastAction } from './toast-view.ts';

/**
 * Toasts for the room's notifications, typed info, warning or error, with optional sound, a notification centre
 * (history, unread count, per-type settings) and, opt-in, OS notifications while the page is hidden.
 *
 * @summary Notification toasts and a notification centre connected to a room server.
 * @tag room-notifications
 *
 * @event {RoomNotificationEvent} room-notification - A notification is about to be shown, once per page (from a `<room-notifications>` of the room where one is mounted, see src/core/host-events.ts; a `notify()` toast, a chat preview or a presence line from its element). Cancelable: `preventDefault()` stops the toast, its sound and its listing in every element. Detail `{ id, type, category, text, withSound, ts }`; `category`: `system`, `chat`, `presence` or `host`.
 * @event {RoomOpenChatEvent} room-open-chat - The user opened a chat preview (click or Enter): open your chat panel. Detail `{ messageId, direct }`. Cancelable: `preventDefault()` keeps the preview on screen.
 * @event {RoomSoundEvent} room-sound - A notification sound was attempted. Detail `{ type, result }`: `played`, `blocked`, `dropped`, `failed`.
 * @event {RoomNotificationActionEvent} room-notification-action - The user chose a toast action. Detail `{ notificationId, actionId }`.
 * @event {RoomDesktopNotificationEvent} room-desktop-notification - An OS notification was raised (page hidden, permission granted). Detail `{ id, type, text }`.
 *
 * @csspart stack - The list of toasts; the hotkey (`hotkey`, default F8) focuses it.
 * @csspart toast - Every toast.
 * @csspart toast-info - An info toast.
 * @csspart toast-warning - A warning toast.
 * @csspart toast-error - An error toast.
 * @csspart toast-missed - A toast for a notification sent while this page was disconnected.
 * @csspart toast-system - A notification a backend sent (each toast also has its category's part).
 * @csspart toast-host - A toast of the host page's `notify()`.
 * @csspart toast-chat - A chat preview: a message no chat on screen shows ("Alice", "Private message from Bob", "5 new messages from …").
 * @csspart toast-presence - Who joined or left, batched ("Alice and 4 others joined").
 * @csspart toast-open - The chat preview's button (its label and text): opens the chat (`room-open-chat`).
 * @csspart toast-summary - After presenting (`presenting`, `setPresenting`): one toast of what arrived meanwhile, its counts links (`catch-up-link`).
 * @csspart catch-up - After the page was hidden or offline longer than `catch-up-after`: one card of what arrived meanwhile, in place of a toast and a sound each.
 * @csspart catch-up-link - A count on the catch-up card or the summary ("3 messages", "1 mention", "2 notifications"): opens the chat there (`room-open-chat`) or the centre.
 * @csspart toast-label - The type label ("Info", "Warning", "Error").
 * @csspart toast-text - The notification text.
 * @csspart toast-count - How many identical notifications merged into the toast.
 * @csspart toast-action - A host-given action button on a toast.
 * @csspart close-button - Closes a toast (Esc does too).
 * @csspart overflow - "+N more" when more toasts wait than are shown.
 * @csspart enable-sound - Shown when the browser blocked a sound: enables sound.
 * @csspart center-button - The bell that opens the notification centre.
 * @csspart center-badge - The unread count on the bell.
 * @csspart center - The notification centre panel (`role="dialog"`, titled); Esc closes it.
 * @csspart center-close - Closes the centre and gives focus back to the bell.
 * @csspart center-item - One notification listed in the centre.
 * @csspart center-settings - The per-type sound and pop-up switches.
 *
 * @cssprop --room-info - Info accent.
 * @cssprop --room-warning - Warning accent.
 * @cssprop --room-error - Error accent.
 * @cssprop --room-background - Toast background.
 * @cssprop --room-foreground - Toast text.
 * @cssprop --room-toast-inset - Places the stack itself (`inset`), whatever `position` says.
 * @cssprop --room-toast-z-index - Stacking order.
 */
export class RoomNotifications extends NotificationOptions {
  static override styles = [themeStyles, notificationStyles];
  static override properties: PropertyDeclarations = {
    toasts: { state: true },
    centreOpen: { state: true },
  };

  private toasts: Toast[] = [];
  private centreOpen = false;

  protected override readonly hostKind = 'notifications';
  readonly queue = new ToastQueue(this.queueOptions());
  readonly #i18n = new LocaleController(this);
  readonly #sound = new ToastSound(
    this,
    (level) => this.soundUrl(level),
    (detail) => this.emit('room-sound', detail),
  );
  readonly #announcer = new LiveAnnouncer(
    this,
    () => this.announce,
    (items) => this.#i18n.t('notifications.burst', { count: items.length }),
  );
  readonly #away = new AwayWatch(this, {
    after: () => this.catchUpAfter,
    back: (held, tally, long) => this.#flow.back(held, tally, long),
    // A toast counts down only while the page is seen.
    hidden: (hidden) => (hidden ? this.queue.pause('hidden') : this.queue.resume('hidden')),
  });
  readonly #digest = new DigestCard(
    this,
    () => this.loadPart(import('./meeting-toasts.ts'), 'the catch-up card'),
    {
      t: (...args) => this.#i18n.t(...args),
      openChat: (messageId, direct) => this.emit('room-open-chat', { messageId, direct }, true),
      openCentre: () => void this.openCentre(),
    },
    (text) => this.#announcer.say({ id: 'digest', text }),
  );
  readonly #centre = new CentreLink(
    this,
    () => this.client?.store,
    () => this.loadPart(import('./centre-panel.ts'), 'the notification centre'),
    (panel) => adoptStyles(this.renderRoot as ShadowRoot, [...RoomNotifications.elementStyles, panel.centreStyles]),
  );
  #settings!: NotificationSettings;
  readonly #focus = new ToastFocus(
    this,
    () => this.hotkey,
    () => (this.toasts.length > 0 ? 'stack' : 'center-button'),
  );
  readonly #stack = new ToastStack(
    this,
    this.queue,
    this.#focus,
    (detail) => this.emit('room-notification-action', detail),
    (detail) => this.emit('room-open-chat', detail, true),
  );
  readonly #flow = new ToastFlow({
    i18n: this.#i18n,
    queue: this.queue,
    stack: this.#stack,
    announcer: this.#announcer,
    away: this.#away,
    presenting: () => this.isPresenting,
    digest: (kind, tally) => void this.#digest.show(kind, tally),
    sound: this.#sound,
    settings: () => this.settings,
    options: () => this,
    self: () => this.room?.self?.userId,
    participants: () => this.room?.participants.length ?? 0,
    unread: (id) => !!this.client?.store.isUnread(id),
    loadMeeting: () => this.loadPart(import('./meeting-toasts.ts'), 'chat previews'),
    emit: (name, detail, cancelable) => this.emit(name, detail, cancelable),
    list: (entry) => this.centre.add(entry, true),
  });
  readonly #placement = new StackPlacement(
    this,
    () => this.position,
    () => this.#i18n.dir === 'rtl',
    () => this.#top.root,
  );
  readonly #top = new TopLayer(this, () => this.position !== 'static');

  constructor() {
    super();
    this.queue.on('change', (toasts) => (this.toasts = toasts));
  }

  /** The notification centre this element shows: the room's (shared with its other elements and the host). */
  get centre(): NotificationCentre {
    return this.#centre.centre;
  }

  /** Unread notifications in the centre. */
  get unreadNotifications(): number {
    return this.centre.snapshot.unread;
  }

  /** The user's per-type sound and pop-up choices, else the host's `sound-types` and `popup-types`. */
  get settings(): NotificationSettings {
    const sound = typesOf(this.soundTypes, ['presence']);
    return (this.#settings ??= loadSettings({ sound, popup: typesOf(this.popupTypes) }));
  }

  protected override roomChanged(): void {
    this.#centre.follow();
    this.#away.connection(this.room?.connection);
    super.roomChanged();
  }

  protected override presentingChanged(on: boolean): void {
    this.#flow.presenting(on);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('soundTypes' as keyof RoomNotifications) || changed.has('popupTypes' as keyof RoomNotifications))
      this.#settings = undefined!;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (changed.has('position')) this.#top.update();
    this.#placement.place();
  }

  /**
   * Shows a notification as if the room had sent it (for the host app's own notices). The third argument is
   * `withSound` or `{ withSound, actions: [{ id, label }], id }`; a toast with actions stays until used or closed. With
   * the `id` of a toast still shown, it replaces that toast's level, text and actions in place (a sound only if
   * `withSound`). Returns the notification's id.
   */
  notify(level: NotificationLevel, text: string, options: boolean | NotifyOptions = false): string {
    return this.#flow.host(level, text, options);
  }

  /** Closes a toast by id. */
  dismiss(id: string): void {
    void this.#stack.close(id);
  }

  /** A room's notification shows unless the host cancelled its `room-notification` (src/core/host-events.ts). */
  protected override roomMessage(m: RoomMessage): void {
    if (this.client) this.#flow.room(m, hostEvents(this.client.store).shows(m.id));
  }

  protected override roomPresence(change: PresenceChange): void {
    this.#flow.presence(change);
  }

  protected override roomHand(change: HandChange): void {
    if (this.room?.self?.isAdmin) this.#flow.hand(change);
  }

  #toggleSetting(level: SettingType, name: SettingName, value: boolean): void {
    this.settings[level][name] = value;
    saveSetting(level, name, value);
    this.requestUpdate();
  }

  /** Opens the centre, loading its panel on first use; resolves once the panel is shown. */
  async openCentre(): Promise<void> {
    this.centreOpen = true;
    await this.#centre.panelModule();
    await this.updateComplete;
  }

  /** `refocus`: the centre's close button or Esc, which give focus back to the bell. */
  #toggleCentre(refocus = false): void {
    this.centreOpen = !this.centreOpen;
    if (this.centreOpen) void this.#centre.panelModule();
    else if (refocus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.bell')?.focus());
  }

  protected override render() {
    const i = this.#i18n;
    const unread = this.#centre.state.unread;
    return html`
      ${this.#announcer.render()}
      <button part="center-button" class="bell" type="button" aria-expanded=${this.centreOpen ? 'true' : 'false'} aria-controls="center"
        aria-label=${i.t('notifications.bell', { count: unread })} @click=${() => this.#toggleCentre()} @keydown=${this.#stack.onEscape}
        aria-keyshortcuts=${this.toasts.length === 0 && this.hotkey ? this.hotkey : nothing}>
        ${icon(bell)}${unread > 0 ? html`<span part="center-badge" class="badge" aria-hidden="true">${unread > 99 ? '99+' : unread}</span>` : nothing}
      </button>
      ${
        this.centreOpen && this.#centre.panel
          ? this.#centre.panel.renderCentre(
              this.#centre.panelHost(
                i,
                this.settings,
                this.desktopNotifications,
                (level, name, value) => this.#toggleSetting(level, name, value),
                () => this.#toggleCentre(true),
              ),
            )
          : nothing
      }
      ${this.#stack.render(
        i,
        this.toasts,
        this.#digest.render(),
        this.hotkey,
        this.#sound.blocked
          ? html`<button part="enable-sound" class="enable-sound" type="button" @click=${this.#sound.enable}>${i.t('notifications.enableSound')}</button>`
          : nothing,
      )}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'room-notifications': RoomNotifications;
  }
}
