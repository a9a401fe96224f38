import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MessageKey, ParamsArg } from './en.ts';
import { canonical, directionOf, loadLocale, localeChain, notifyLocaleChange, onLocaleChange } from './registry.ts';
import { formatTime, isKnownKey, translate } from './translate.ts';

export interface LocaleHost extends ReactiveControllerHost, HTMLElement {
  /** BCP 47 tag; unset follows the closest `lang` of the page. */
  locale?: string | undefined;
}

let pageLang: MutationObserver | null = null;
/** One observer for the whole page, started by the first element: a changed `lang` re-renders every widget. */
function watchPageLang(): void {
  if (pageLang) return;
  pageLang = new MutationObserver(notifyLocaleChange);
  pageLang.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
}

/** The nearest `lang` above `el`, through the shadow roots it sits in. */
function closestLang(el: Element): string | null {
  for (let node: Element | null = el; node; ) {
    const found = node.closest('[lang]');
    if (found) return found.getAttribute('lang');
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/**
 * An element's language: its `locale`, else the closest `lang` of the page, else English. Loads the locale's file on
 * first use, re-renders the element when strings change, and sets the element's `dir` from the locale unless the
 * page set `dir` on the element itself.
 */
export class LocaleController implements ReactiveController {
  /** The locale asked for, canonical (`pt-BR`); times and numbers are formatted in it. */
  locale = 'en';
  /** The direction of `locale`. */
  dir: 'ltr' | 'rtl' = 'ltr';
  #off: (() => void) | null = null;
  #appliedDir: string | null = null;
  readonly #reported = new Set<string>();

  constructor(private readonly host: LocaleHost) {
    host.addController(this);
  }

  hostConnected(): void {
    watchPageLang();
    this.#off = onLocaleChange(() => this.host.requestUpdate());
    this.#resolve();
  }

  hostDisconnected(): void {
    this.#off?.();
    this.#off = null;
  }

  hostUpdate(): void {
    this.#resolve();
  }

  /** The text of `key` in the element's locale, falling back per string to English. */
  t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string {
    return translate(this.locale, key, params[0] as Record<string, string | number | Date> | undefined);
  }

  /** Text from the server: translated when it is a key of the active catalogues (plugNmeet sends keys), else as sent. */
  serverText(text: string): string {
    return isKnownKey(this.locale, text) ? translate(this.locale, text) : text;
  }

  time(ts: number | Date): string {
    return formatTime(ts, this.locale);
  }

  #resolve(): void {
    const host = this.host;
    this.locale = canonical(host.locale ?? host.getAttribute('locale')) ?? canonical(closestLang(host)) ?? 'en';
    for (const tag of localeChain(this.locale)) loadLocale(tag).catch((error: Error) => this.#report(tag, error));
    this.dir = directionOf(this.locale);
    const attr = host.getAttribute('dir');
    if (attr !== null && attr !== this.#appliedDir) return; // the page's own choice
    if (attr !== this.dir) host.setAttribute('dir', this.dir);
    this.#appliedDir = this.dir;
  }

  #report(tag: string, error: Error): void {
    if (this.#reported.has(tag)) return;
    this.#reported.add(tag);
    const detail = { code: 'locale_unavailable', message: `${error.message}; showing English` };
    this.host.dispatchEvent(new CustomEvent('room-error', { detail, bubbles: true, composed: true }));
  }
}
