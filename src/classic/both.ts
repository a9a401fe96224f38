/**
 * Both elements in one file, for a page that holds both when the classic script first looks (src/classic/autoload.ts):
 * dist/room-widgets-both.js, with what both stand on (./elements.ts, first, so that the kit holds it before anything
 * else runs). One request instead of three, and one compressed stream: issue 34's page with both elements.
 */
import './elements.ts';
import { RoomChat } from './chat.ts';
import { RoomNotifications } from './notifications.ts';

export { RoomChat, RoomNotifications };
