/**
 * The classic-script entry (`<script src=".../room-widgets.js">`): points the elements at the server the script came
 * from and defines each the first time the page holds one, from its file beside the script (src/classic/autoload.ts).
 * `RoomWidgets.connect({ token })` is the headless client (`RoomWidgets.notificationCentre(client.store)` its
 * notification centre), `RoomWidgets.registerTranslation(locale, strings)` adds
 * strings, `RoomWidgets.load()` loads and defines the elements now (a promise). Locale files, howler and the parts
 * that most pages never use load from beside the script too.
 */
import { kit } from 'virtual:room-widgets-kit';
import { autoload } from './classic/autoload.ts';
import { setDefaultServer } from './core/defaults.ts';
import { scriptBase } from './core/load-script.ts';

export { connect } from './core/client.ts';
export { setPresenting } from './core/presenting.ts';
export { notificationCentre } from './core/notification-centre.ts';
export { registerTranslation } from './i18n/registry.ts';
export { load } from './classic/autoload.ts';

// What the files loaded on demand take from this script (vite.config.ts KIT), so that none brings a second copy.
(window as unknown as { RoomWidgetsKit: typeof kit }).RoomWidgetsKit = kit;
setDefaultServer(new URL(scriptBase ?? location.href).origin);
// socket.io's client, fetched now, while the page is still parsed: the room's connection (opened once an element
// is found, or on `RoomWidgets.connect()`) takes it from there. A failed fetch is tried again by the connection.
import('./core/socket-io.ts').catch(() => undefined);
autoload();
