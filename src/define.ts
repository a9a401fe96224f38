/** Defines `<room-chat>` and `<room-notifications>` (the `define` entry; the classic script runs it too). */
import { RoomChat } from './components/room-chat/room-chat.ts';
import { RoomNotifications } from './components/room-notifications/room-notifications.ts';

RoomChat.define('room-chat');
RoomNotifications.define('room-notifications');
