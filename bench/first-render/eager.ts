// The baseline of bench/first-render.ts: the classic script as one file, both elements defined as it runs (what
// src/classic/autoload.ts replaces), built from the same sources.
import { adoptStyles, css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import '../../src/classic/chat.ts';
import '../../src/classic/notifications.ts';
import { RoomElement } from '../../src/components/room-element.ts';
import { icon, themeStyles } from '../../src/components/theme.ts';
import { LocaleController } from '../../src/i18n/locale-controller.ts';

// What room-widgets-elements.js adds to the kit for the parts loaded later (lit is inside this script here), once
// src/script.ts has set the kit, after this module runs.
queueMicrotask(() =>
  Object.assign((window as unknown as { RoomWidgetsKit: object }).RoomWidgetsKit, {
    lit: { html, css, nothing, adoptStyles, LitElement },
    repeat: { repeat },
    locale: { LocaleController },
    theme: { themeStyles, icon },
    element: { RoomElement },
  }),
);

export function autoload(): void {}
export function load(): Promise<unknown> {
  return Promise.resolve();
}
