import { scriptBase } from '../core/load-script.ts';
import type { Translation } from './en.ts';

// Every byte here ships in the classic script, whose budget for the whole layer is about 1 KB gzip: plain maps, few
// messages, no copying of strings.

/** The locales shipped as files beside the script (`locales/<tag>.json`), fetched the first time one is used. */
export const SHIPPED_LOCALES = ['ar', 'de', 'es', 'fr', 'he', 'ja', 'pt-BR', 'zh-CN'];

/** Each locale's shipped strings: English as each element's module adds its own, the others as their files arrive. */
const catalogues = new Map<string, Translation>([['en', {}]]);
/** What hosts registered, looked up first, so that a file arriving later cannot override it. */
const registered = new Map<string, Translation>();
const loads = new Map<string, Promise<void>>();
const listeners = new Set<() => void>();
let base: string | null = null;

/** A BCP 47 tag in canonical case (`pt-br` → `pt-BR`), or null when it is not one. */
export function canonical(tag: string | null | undefined): string | null {
  try {
    return Intl.getCanonicalLocales(tag || [])[0] ?? null;
  } catch {
    return null;
  }
}

/** Calls `listener` whenever strings change (a registration, a locale file loaded, the page's `lang`). */
export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifyLocaleChange(): void {
  listeners.forEach((listener) => listener());
}

/**
 * Adds or overrides strings of a locale (a shipped one, or one of the host's own) in every mounted element. A plural
 * message is an object of CLDR forms with at least `other` (`{ one, other }`). Registered strings win over a file.
 */
export function registerTranslation(locale: string, strings: Translation): void {
  // Intl's own RangeError says what is wrong with a tag that is not one (`undefined`, `''` and lists are not).
  const tag = Intl.getCanonicalLocales(String(locale))[0]!;
  registered.set(tag, { ...registered.get(tag), ...strings });
  notifyLocaleChange();
}

/**
 * An element's English strings, added by its module as it loads: the script carries no string that only an element
 * shows, and a page pays for the strings of the elements it holds.
 */
export function addEnglish(strings: Translation): void {
  Object.assign(catalogues.get('en')!, strings);
}

/** Where the locale files are (a folder URL); `null` restores the default, `locales/` beside the script. */
export function setLocaleBase(url: string | URL | null): void {
  base = url && new URL(url, document.baseURI).href.replace(/\/?$/, '/');
  loads.clear();
}

/** A locale's shipped strings, once loaded (English always). */
export function catalogue(tag: string): Translation | undefined {
  return catalogues.get(tag);
}

/** The text of `key` in locale `tag`: the host's registration, else the shipped string. */
export function entry(tag: string, key: string): Translation[string] | undefined {
  return registered.get(tag)?.[key] ?? catalogues.get(tag)?.[key];
}

/** `zh-Hans` for `zh-SG`, `pt-Latn` for `pt`: locales that share it read each other's strings. */
// Every render asks (for the locale chain and the direction); maximizing a locale is slow, and its answer never changes.
// An unknown script is kept as '' (so it is not asked again), which compares and reads as undefined did.
const scripts: Record<string, string> = {};
const script = (tag: string) => (scripts[tag] ??= new Intl.Locale(tag).maximize().script ?? '');
const languageScript = (tag: string) => `${tag.split('-')[0]}-${script(tag)}`;

/**
 * The catalogues to look a string up in, best first and English last: the tag itself, then locales of the same
 * language and script, shortest first (`de-AT` → `de`, `zh-SG` → `zh-CN`, `pt` → `pt-BR`; `zh-TW` → English).
 */
export function localeChain(requested: string): string[] {
  const want = languageScript(requested);
  const near = [...SHIPPED_LOCALES, ...registered.keys()].filter((tag) => tag !== 'en' && languageScript(tag) === want);
  // The tag itself may have no catalogue: looking it up costs nothing, and a registration may come.
  return [...new Set([requested, ...near.sort((a, b) => a.length - b.length), 'en'])];
}

/** `rtl` for a locale written in a right-to-left script (Arabic, Hebrew, Thaana, Syriac, N'Ko, Adlam, Hanifi). */
export function directionOf(tag: string): 'ltr' | 'rtl' {
  return /Arab|Hebr|Thaa|Syrc|Nkoo|Adlm|Rohg/.test(script(tag)) ? 'rtl' : 'ltr';
}

/** Fetches a shipped locale the first time it is needed; the promise rejects (once) with the file's URL. */
export function loadLocale(tag: string): Promise<void> {
  let load = loads.get(tag);
  if (!load) {
    // Beside the classic script wherever the page took it from (it has no import.meta), else beside this module.
    const url = new URL(`${tag}.json`, base ?? new URL('locales/', scriptBase ?? import.meta.url ?? document.baseURI))
      .href;
    load = !SHIPPED_LOCALES.includes(tag)
      ? Promise.resolve()
      : fetch(url)
          .then((res) => (res.ok ? res.json() : Promise.reject()))
          .then((strings: Translation) => {
            catalogues.set(tag, strings);
            notifyLocaleChange();
          })
          .catch(() => Promise.reject(new Error(`could not load ${url}`)));
    loads.set(tag, load);
  }
  return load;
}
