/**
 * ES entry for bundlers: defines `<room-chat>` and `<room-notifications>` and exports their classes,
 * the typed events and the framework-free core.
 */
import { setHowlerLoader } from './sound/sound-player.ts';
import './define.ts';

setHowlerLoader(() => import('howler'));

export { RoomChat } from './components/room-chat/room-chat.ts';
export { RoomNotifications } from './components/room-notifications/room-notifications.ts';
export { RoomConnection, acquireConnection, releaseConnection, type ConnectionState } from './core/connection.ts';
export { setDefaultServer } from './core/defaults.ts';
export { setHowlerLoader } from './sound/sound-player.ts';
export type * from './core/protocol.ts';
export type * from './events/events.ts';
