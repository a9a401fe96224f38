import type { ReactiveControllerHost } from 'lit';
import type { MessageKey, ParamsArg } from '../../src/i18n/en.ts';
import { english as en } from './english-only-registry.ts';

/**
 * The smallest stand-in for src/i18n/locale-controller.ts that still shows every English string: what the widgets
 * would carry with no localisation layer at all (hard-coded English, plurals by `count === 1`). scripts/i18n-cost.mjs
 * builds the classic script with it to measure what the layer itself costs.
 */
export class LocaleController {
  locale = 'en';
  dir: 'ltr' | 'rtl' = 'ltr';

  constructor(_host: ReactiveControllerHost) {}

  t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string {
    const p = (params[0] ?? {}) as Record<string, string | number>;
    const value = en[key] ?? key;
    const text = typeof value === 'string' ? value : p.count === 1 ? (value.one ?? value.other) : value.other;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(p[name] ?? whole));
  }

  serverText(text: string, fallback = text): string {
    return text in en ? this.t(text as 'chat.send') : fallback;
  }

  time(ts: number | Date): string {
    return new Date(ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }
}
