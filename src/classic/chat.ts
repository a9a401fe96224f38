/**
 * `<room-chat>` for the classic script, as dist/room-widgets-chat.js: the script loads it the first time the page
 * holds a `<room-chat>` (src/classic/autoload.ts); lit, the base element and the room's state come from the script.
 */
import { RoomChat } from '../components/room-chat/room-chat.ts';

RoomChat.define('room-chat');
export { RoomChat };
