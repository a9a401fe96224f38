/**
 * `<room-notifications>` for the classic script, as dist/room-widgets-notifications.js: the script loads it the first
 * time the page holds a `<room-notifications>` (src/classic/autoload.ts). Sounds load howler from beside the script.
 */
import { scriptBase } from '../core/load-script.ts';
import { RoomNotifications } from '../components/room-notifications/room-notifications.ts';
import { howlerFromScript } from '../sound/howler-script.ts';
import { setHowlerLoader } from '../sound/sound-player.ts';

setHowlerLoader(howlerFromScript(new URL('room-widgets-howler.js', scriptBase ?? location.href).href));
RoomNotifications.define('room-notifications');
export { RoomNotifications };
