import type { MessageKey, ParamsArg } from './en.ts';
import { canonical, catalogue, localeChain } from './registry.ts';

type Param = string | number | Date;

const formats = new Map<string, Intl.PluralRules | Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.PluralRules | Intl.NumberFormat | Intl.DateTimeFormat>(kind: string, locale: string, make: () => T): T {
  const key = `${kind} ${locale}`;
  let format = formats.get(key) as T | undefined;
  if (!format) formats.set(key, (format = make()));
  return format;
}

/** A time of day (`14:05`, `2:05 PM`, `١٤:٠٥`) in the locale's own way. */
export function formatTime(ts: number | Date, locale: string): string {
  return cached('time', locale, () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })).format(ts);
}

/**
 * The text of `key` for `requested`, looked up along its locale chain and falling back per string to English;
 * `{name}` parameters filled in, numbers and dates formatted, plural forms chosen on `count`. A key no catalogue
 * holds comes back as it is.
 */
export function translate(requested: string, key: string, params: Record<string, Param> = {}): string {
  for (const tag of localeChain(requested)) {
    const value = catalogue(tag)?.[key];
    if (value === undefined) continue;
    // Formats follow the page's exact locale where the string is in its language (de-AT numbers in German text).
    const locale = requested.split('-')[0] === tag.split('-')[0] ? requested : tag;
    let text: string | undefined;
    if (typeof value === 'string') text = value;
    else {
      const count = typeof params.count === 'number' ? params.count : NaN;
      text = value[cached('plural', locale, () => new Intl.PluralRules(locale)).select(count)] ?? value.other;
    }
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const p = params[name];
      if (typeof p === 'number') return cached('number', locale, () => new Intl.NumberFormat(locale)).format(p);
      if (p instanceof Date) return formatTime(p, locale);
      return p ?? whole;
    });
  }
  return key;
}

/** `true` when some catalogue of the chain holds `key`: server text that is a translation key. */
export function isKnownKey(requested: string, key: string): boolean {
  return localeChain(requested).some((tag) => Object.hasOwn(catalogue(tag) ?? {}, key));
}

/** The page's text of `key` (its `<html lang>`, else English): for code outside an element. */
export function t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string {
  return translate(pageLocale(), key, params[0] as Record<string, Param> | undefined);
}

export function pageLocale(): string {
  return (typeof document !== 'undefined' && canonical(document.documentElement.lang)) || 'en';
}
