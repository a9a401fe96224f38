import type { PropertyDeclarations } from 'lit';
import { resolveServer } from '../../core/defaults.ts';
import type { NotificationLevel } from '../../core/public-types.ts';
import type { ToastQueueOptions } from '../../core/toast-queue.ts';
import { enNotifications } from '../../i18n/en-notifications.ts';
import { addEnglish } from '../../i18n/registry.ts';
import { RoomElement } from '../room-element.ts';
import type { ChatPreviews } from './meeting-toasts.ts';
import type { NotificationPosition } from './toast-view.ts';

// The element's English strings come with its code (the script carries none).
addEnglish(enNotifications);

/** `<room-notifications>`' attributes and properties, with their defaults: what a host sets. */
export class NotificationOptions extends RoomElement {
  static override properties: PropertyDeclarations = {
    muted: { type: Boolean, reflect: true },
    position: { reflect: true },
    hotkey: {},
    desktopNotifications: { type: Boolean, attribute: 'desktop-notifications' },
    soundTypes: { attribute: 'sound-types' },
    popupTypes: { attribute: 'popup-types' },
    infoDuration: { type: Number, attribute: 'info-duration' },
    warningDuration: { type: Number, attribute: 'warning-duration' },
    errorDuration: { type: Number, attribute: 'error-duration' },
    maxVisible: { type: Number, attribute: 'max-visible' },
    replayWindow: { type: Number, attribute: 'replay-window' },
    infoSound: { attribute: 'info-sound' },
    warningSound: { attribute: 'warning-sound' },
    errorSound: { attribute: 'error-sound' },
    chatPreviews: { attribute: 'chat-previews' },
    presence: {},
    presenceSoundLimit: { type: Number, attribute: 'presence-sound-limit' },
    catchUpAfter: { type: Number, attribute: 'catch-up-after' },
  };

  /** No sound at all. */
  muted = false;
  /** Where the toasts sit: `top-end` (default, in the document's direction), `top-start`, `bottom-end`, `bottom-start`, `top-center`, `bottom-center`, or `static` (in the page's flow). */
  position: NotificationPosition = 'top-end';
  /** The key that moves focus to the toasts (or the bell when there are none), as `F8` or `Alt+Shift+N`; empty turns it off. */
  hotkey = 'F8';
  /** Offer OS notifications while the page is hidden (the centre asks permission on a click). */
  desktopNotifications = false;
  /** Types that play their sound until the user chooses otherwise, space-separated; default all. */
  soundTypes: string | undefined;
  /** Types that pop up a toast until the user chooses otherwise, space-separated; default all. */
  popupTypes: string | undefined;
  /** Milliseconds an info toast stays (0: until dismissed). */
  infoDuration = 5000;
  /** Milliseconds a warning toast stays (0: until dismissed). */
  warningDuration = 8000;
  /** Milliseconds an error toast stays; 0 (the default) keeps it until dismissed. */
  errorDuration = 0;
  /** Toasts shown at once: the newest; older ones wait behind a count. Errors and toasts with actions always show. */
  maxVisible = 4;
  /** A notification older than this (ms) when it arrives, after a reconnection, is shown as missed, without sound. */
  replayWindow = 60_000;
  /** Sound URL for info toasts; default `<server>/sounds/info.wav`. */
  infoSound: string | undefined;
  /** Sound URL for warning toasts. */
  warningSound: string | undefined;
  /** Sound URL for error toasts. */
  errorSound: string | undefined;
  /** Chat messages no chat on screen shows pop up a preview: `all` (default), `direct` (private messages and mentions of this user), `none`. */
  chatPreviews: ChatPreviews = 'all';
  /** `off`: no toasts for participants joining and leaving. */
  presence: 'on' | 'off' = 'on';
  /** Joins and leaves play the info sound only while the room holds at most this many participants. */
  presenceSoundLimit = 10;
  /**
   * After the page was hidden or offline for at least this long (ms), what came meanwhile shows as one catch-up card
   * (counts that link to the chat and the centre) instead of a toast and a sound each; errors still show on their own.
   */
  catchUpAfter = 30_000;

  /** The toast queue's options, read from the attributes each time it needs them. */
  protected queueOptions(): ToastQueueOptions {
    const durations = () => ({ info: this.infoDuration, warning: this.warningDuration, error: this.errorDuration });
    const maxVisible = () => Math.max(1, this.maxVisible);
    return Object.defineProperties({ mergeWindowMs: 4000 } as ToastQueueOptions, {
      durations: { get: durations, enumerable: true },
      maxVisible: { get: maxVisible, enumerable: true },
    });
  }

  /** A level's sound: the host's URL for it, else the room server's. */
  protected soundUrl(level: NotificationLevel): string {
    const custom = { info: this.infoSound, warning: this.warningSound, error: this.errorSound }[level];
    return custom || new URL(`/sounds/${level}.wav`, resolveServer(this.server) ?? location.href).href;
  }
}
