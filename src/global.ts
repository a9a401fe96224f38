/**
 * Types for a page that uses the classic script (`<script src=".../room-widgets.js">`) rather than imports: its
 * global `RoomWidgets`, plus the element classes, the tag map and the typed events, which the page's own code uses
 * through `document`. Published as `room-widgets/global` (and as the types of `room-widgets/room-widgets.js`): a host
 * adds `/// <reference types="room-widgets/global" />` or `"types": ["room-widgets/global"]`. Types only: nothing
 * imports this file at run time.
 */
import type * as ClassicScript from './script.ts';

export type * from './index.ts';

/** What the classic script puts on `window`: the same functions as its ES counterparts (src/script.ts). */
export type RoomWidgetsGlobal = typeof ClassicScript;

declare global {
  /** The classic script's global: `connect({ token })`, `notificationCentre(store)`, `registerTranslation(locale, strings)`, `load(...tags)`. */
  var RoomWidgets: RoomWidgetsGlobal;
}
