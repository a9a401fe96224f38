import { en, type Translation } from './en.ts';

/** The locales shipped as files beside the script (`locales/<tag>.json`), fetched the first time one is used. */
export const SHIPPED_LOCALES = ['ar', 'de', 'es', 'fr', 'he', 'ja', 'pt-BR', 'zh-CN'] as const;

/** Each locale's strings: a loaded file with the host's registrations on top. */
const catalogues = new Map<string, Translation>([['en', { ...en }]]);
/** What hosts registered, kept apart so a file that loads later cannot overwrite it. */
const registered = new Map<string, Translation>();
const loads = new Map<string, Promise<void>>();
/** Locales whose file could not be loaded: not fetched again until the base changes. */
const failed = new Set<string>();
const listeners = new Set<() => void>();
const chains = new Map<string, string[]>();
let base: string | null = null;

/** A BCP 47 tag in canonical case (`pt-br` → `pt-BR`), or null when it is not one. */
export function canonical(tag: string | null | undefined): string | null {
  try {
    return tag ? (Intl.getCanonicalLocales(tag)[0] ?? null) : null;
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
  for (const listener of [...listeners]) listener();
}

/**
 * Adds or overrides strings of a locale (a shipped one, or a locale of the host's own), in every mounted element.
 * Plural messages are objects of CLDR forms (`{ one, other }`). Registered strings win over a shipped file.
 */
export function registerTranslation(locale: string, strings: Translation): void {
  const tag = canonical(locale);
  if (!tag) throw new RangeError(`registerTranslation: "${locale}" is not a BCP 47 language tag`);
  const clean = sanitize(strings);
  registered.set(tag, { ...registered.get(tag), ...clean });
  catalogues.set(tag, { ...catalogues.get(tag), ...clean });
  chains.clear();
  notifyLocaleChange();
}

/** Where the locale files are (a folder URL); `null` restores the default, `locales/` beside the script. */
export function setLocaleBase(url: string | URL | null): void {
  base = url === null ? null : new URL(url, document.baseURI).href.replace(/\/?$/, '/');
  for (const tag of failed) loads.delete(tag);
  failed.clear();
}

export function catalogue(tag: string): Translation | undefined {
  return catalogues.get(tag);
}

/**
 * The catalogues to look a string up in, best first and English last: the requested tag itself, then locales of the
 * same language and script (`de-AT` → `de`, `zh-SG` → `zh-CN`, but `zh-TW` → English).
 */
export function localeChain(requested: string): string[] {
  let chain = chains.get(requested);
  if (chain) return chain;
  const want = maximize(requested);
  const score = (tag: string) => (tag === requested ? 0 : maximize(tag) === want ? 1 : tag.includes('-') ? 3 : 2);
  const sameScript = (tag: string) => tag !== 'en' && maximize(tag).replace(/^(\w+-\w+).*/, '$1') === want.replace(/^(\w+-\w+).*/, '$1');
  const known = new Set<string>([...SHIPPED_LOCALES, ...catalogues.keys()]);
  chain = [...known].filter(sameScript).sort((a, b) => score(a) - score(b));
  chain.push('en');
  chains.set(requested, chain);
  return chain;
}

function maximize(tag: string): string {
  const locale = new Intl.Locale(tag).maximize();
  return `${locale.language}-${locale.script}-${locale.region}`;
}

/** `rtl` for locales written in a right-to-left script (Arabic, Hebrew, Thaana, Syriac, N'Ko, Adlam, Hanifi). */
export function directionOf(tag: string): 'ltr' | 'rtl' {
  return /^(Arab|Hebr|Thaa|Syrc|Nkoo|Adlm|Rohg)$/.test(new Intl.Locale(tag).maximize().script ?? '') ? 'rtl' : 'ltr';
}

/** Fetches a shipped locale the first time it is needed; resolves once its strings are in (or rejects once). */
export function loadLocale(tag: string): Promise<void> {
  if (!(SHIPPED_LOCALES as readonly string[]).includes(tag)) return Promise.resolve();
  let load = loads.get(tag);
  if (!load) {
    const url = new URL(`${tag}.json`, base ?? import.meta.url.replace(/[^/]*$/, 'locales/')).href;
    load = fetch(url)
      .then((res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return res.json() as Promise<unknown>;
      })
      .then((data) => {
        if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('not a JSON object');
        catalogues.set(tag, { ...sanitize(data as Translation), ...registered.get(tag) });
        notifyLocaleChange();
      })
      .catch((error: Error) => {
        failed.add(tag);
        throw new Error(`could not load the "${tag}" strings from ${url}: ${error.message}`);
      });
    loads.set(tag, load);
  }
  return load;
}

/** Keeps what can be shown: strings, and plural objects of strings that have `other`. Anything else is dropped. */
function sanitize(strings: Translation): Translation {
  const clean: Translation = {};
  for (const [key, value] of Object.entries(strings)) {
    if (typeof value === 'string') clean[key] = value;
    else if (value && typeof value === 'object' && typeof value.other === 'string' && Object.values(value).every((v) => typeof v === 'string')) {
      clean[key] = { ...value };
    }
  }
  return clean;
}
