import type { MessageKey, ParamsArg } from './en.ts';
import { canonical, entry, localeChain } from './registry.ts';

type Param = string | number | Date;
type Format = Intl.PluralRules & Intl.NumberFormat & Intl.DateTimeFormat;

// Intl objects are slow to build and renders are frequent: one of each kind per locale.
const formats: Record<string, Format> = {};
const format = (kind: 'p' | 'n' | 't', locale: string): Format =>
  (formats[kind + locale] ??= (
    kind === 'p'
      ? new Intl.PluralRules(locale)
      : kind === 'n'
        ? new Intl.NumberFormat(locale)
        : new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })
  ) as Format);

/** A time of day (`14:05`, `02:05 PM`) the locale's way. */
export function formatTime(ts: number | Date, locale: string): string {
  return format('t', locale).format(ts);
}

/**
 * The text of `key` for the locale `requested`, looked up along `chain` (its locale chain) so that each string falls
 * back to English on its own; `{name}` parameters filled in (numbers and dates formatted), the plural form chosen
 * on `count`. A key no catalogue holds comes back as it is.
 */
export function translate(
  requested: string,
  key: string,
  params: Record<string, Param> = {},
  chain = localeChain(requested),
): string {
  for (const tag of chain) {
    const value = entry(tag, key);
    // Formats follow the exact locale while the text is in its language (de-AT numbers in German text).
    const locale = requested.split('-')[0] === tag.split('-')[0] ? requested : tag;
    const text =
      value && typeof value === 'object'
        ? (value[format('p', locale).select(+(params.count ?? NaN)) as 'other'] ?? value.other)
        : value;
    if (typeof text === 'string') {
      return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
        const p = params[name];
        return typeof p === 'number'
          ? format('n', locale).format(p)
          : p instanceof Date
            ? formatTime(p, locale)
            : (p ?? whole);
      });
    }
  }
  return key;
}

/** The text of `key` for the page (`<html lang>`, else English), for code outside an element. */
export function t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string {
  return translate(
    canonical(document.documentElement.lang) ?? 'en',
    key,
    params[0] as Record<string, Param> | undefined,
  );
}
