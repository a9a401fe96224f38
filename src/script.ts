/**
 * The classic-script entry (`<script src=".../room-widgets.js">`): defines both elements, points them at the
 * server the script came from, loads howler from beside the script only when the first sound plays, and exposes
 * the headless client as `RoomWidgets.connect({ token })`, and
 * `RoomWidgets.registerTranslation(locale, strings)`; locale files load from `locales/` beside the script.
 */
import { setDefaultServer } from './core/defaults.ts';
import { scriptBase } from './core/load-script.ts';
import { howlerFromScript } from './sound/howler-script.ts';
import { setHowlerLoader } from './sound/sound-player.ts';
import './define.ts';

export { connect } from './core/client.ts';
export { registerTranslation } from './i18n/registry.ts';

const base = new URL(scriptBase ?? location.href);
setDefaultServer(base.origin);
setHowlerLoader(howlerFromScript(new URL('room-widgets-howler.js', base).href));
