/**
 * ES entry for bundlers: the element classes, the headless client, the typed events and the framework-free core.
 * Importing it defines no element (import `room-widgets/define`, or call `RoomChat.define('room-chat')`).
 */
import { setHowlerLoader } from './sound/sound-player.ts';

// Registers where sounds come from (a lazily imported chunk); defines nothing and touches no DOM.
setHowlerLoader(() => import('howler'));

export { RoomChat } from './components/room-chat/room-chat.ts';
export {
  RoomNotifications,
  type NotificationPosition,
  type NotifyOptions,
  type ToastAction,
} from './components/room-notifications/room-notifications.ts';
export {
  NotificationCentre,
  notificationCentre,
  type CentreEntry,
  type CentreState,
} from './core/notification-centre.ts';
export { RoomElement, VERSION } from './components/room-element.ts';
export { connect, RoomClient, RoomRefusal, type ConnectOptions, type NewPoll } from './core/client.ts';
export { RoomConnection } from './core/connection.ts';
export { RoomStore, type RoomStoreEvents } from './core/store/room-store.ts';
export type * from './core/store/state.ts';
export { setDefaultServer } from './core/defaults.ts';
export { setPresenting, isPresenting, onPresenting } from './core/presenting.ts';
export { setHowlerLoader } from './sound/sound-player.ts';
// The public shapes, camelCased; the wire's own (snake_case) types stay internal to src/core and the server.
export type * from './core/public-types.ts';
export type * from './events/events.ts';
export {
  LocaleController,
  SHIPPED_LOCALES,
  registerTranslation,
  setLocaleBase,
  t,
  type MessageKey,
  type PluralForms,
  type Translation,
} from './i18n/index.ts';
