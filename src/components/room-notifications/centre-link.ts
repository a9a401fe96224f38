import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { NotificationCentre, notificationCentre, type CentreState } from '../../core/notification-centre.ts';
import type { NotificationSettings } from '../../core/notification-settings.ts';
import type { RoomStore } from '../../core/store/room-store.ts';
import type { LocaleController } from '../../i18n/locale-controller.ts';
import type { CentreHost } from './centre-panel.ts';
import { levelLabel } from './toast-view.ts';

type CentrePanel = typeof import('./centre-panel.ts');

/**
 * The element's side of the notification centre: which centre it shows (the room's, shared with its other elements
 * and the host; one of its own before it has a room), its state as it changes, and the panel's module, loaded the
 * first time it is opened.
 */
export class CentreLink implements ReactiveController {
  state: CentreState = { entries: [], unread: 0 };
  panel: CentrePanel | undefined;
  #load: Promise<CentrePanel | null> | undefined;
  /** Without a room (no token yet), `notify()` still lists in a centre of the element's own. */
  readonly #own = new NotificationCentre();
  #shown: NotificationCentre | undefined;
  #off: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly store: () => RoomStore | undefined,
    private readonly loadPanel: () => Promise<CentrePanel | null>,
    /** The panel loaded: its styles join the element's. */
    private readonly adopt: (panel: CentrePanel) => void,
  ) {
    host.addController(this);
  }

  get centre(): NotificationCentre {
    const store = this.store();
    return store ? notificationCentre(store) : this.#own;
  }

  hostConnected(): void {
    this.follow();
  }

  hostDisconnected(): void {
    this.#off?.();
    this.#shown = this.#off = undefined;
  }

  /** The element's room may have changed: shows the centre it has now. */
  follow(): void {
    const centre = this.centre;
    if (centre === this.#shown) return;
    this.#off?.();
    this.#shown = centre;
    this.#off = centre.subscribe((state) => {
      this.state = state;
      this.host.requestUpdate();
    });
  }

  /** What the panel reads and calls: the entries in the element's locale, its settings, the centre's actions. */
  panelHost(
    i: LocaleController,
    settings: NotificationSettings,
    desktopNotifications: boolean,
    toggleSetting: CentreHost['toggleSetting'],
    close: () => void,
  ): CentreHost {
    return {
      t: (key, ...params) => i.t(key, ...params),
      locale: i.locale,
      close,
      time: (ts) => i.time(ts),
      // Listed as sent (the room's come from the store); shown in this element's locale.
      entries: this.state.entries.map((e) => ({ ...e, text: i.serverText(e.text) })),
      settings,
      desktopNotifications,
      labelOf: (e) => levelLabel(i, e),
      markAllRead: () => this.centre.markAllRead(),
      clear: () => this.centre.clear(),
      toggleSetting,
      requestUpdate: () => this.host.requestUpdate(),
    };
  }

  /** Loads the panel once; a failed load is forgotten, so that the next press tries again. */
  panelModule(): Promise<CentrePanel | null> {
    this.#load ??= this.loadPanel().then((panel) => {
      if (!panel) return ((this.#load = undefined), null);
      this.adopt(panel);
      this.panel = panel;
      this.host.requestUpdate();
      return panel;
    });
    return this.#load;
  }
}
