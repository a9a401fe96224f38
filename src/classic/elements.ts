/**
 * What both elements stand on, for the classic script, as dist/room-widgets-elements.js (issue 34): lit, the base
 * element, the palette and the localisation controller. The script loads it with the first element's file, which runs
 * after it (src/classic/autoload.ts), and it adds these to `RoomWidgetsKit` (vite.config.ts ELEMENT_KIT), where that
 * file and the parts loaded later take them from. A page that only connects (`RoomWidgets.connect()`) never loads it.
 */
import { kit } from 'virtual:room-widgets-kit';

Object.assign((window as unknown as { RoomWidgetsKit: typeof kit }).RoomWidgetsKit, kit);
export const ready = true;
