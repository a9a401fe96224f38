import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MessageKey, ParamsArg } from './en.ts';
import { canonical, directionOf, loadLocale, localeChain, notifyLocaleChange, onLocaleChange } from './registry.ts';
import { formatTime, translate } from './translate.ts';
import { emit } from '../events/events.ts';

export interface LocaleHost extends ReactiveControllerHost, HTMLElement {
  /** BCP 47 tag; unset follows the closest `lang` of the page. */
  locale?: string | undefined;
}

let pageLang: MutationObserver | undefined;

/** The nearest `lang` above `el`, through the shadow roots it sits in. */
function closestLang(el: Element): string | null {
  const found = el.closest('[lang]');
  const root = el.getRootNode();
  return found ? found.getAttribute('lang') : root instanceof ShadowRoot ? closestLang(root.host) : null;
}

/**
 * An element's language: its `locale`, else the closest `lang` of the page, else English. Loads the locale's file on
 * first use, re-renders the element when strings change (a registration, a file arriving, the page's `lang`), and
 * sets the element's `dir` from the locale unless the page gave the element a `dir` of its own.
 */
export class LocaleController implements ReactiveController {
  /** The locale asked for, canonical (`pt-BR`); times and numbers are formatted in it. */
  locale = 'en';
  /** The direction of `locale`. */
  dir: 'ltr' | 'rtl' = 'ltr';
  /** Where strings are looked up, best first, English last. */
  chain = ['en'];
  #off?: () => void;
  #dirSet?: string;
  #reported?: boolean;

  constructor(private readonly host: LocaleHost) {
    host.addController(this);
  }

  hostConnected(): void {
    // One observer for the page, started by the first element: a changed `lang` re-renders every widget.
    if (!pageLang)
      (pageLang = new MutationObserver(notifyLocaleChange)).observe(document.documentElement, {
        attributeFilter: ['lang'],
        subtree: true,
      });
    this.#off = onLocaleChange(() => this.host.requestUpdate());
    this.hostUpdate();
  }

  hostDisconnected(): void {
    this.#off?.();
  }

  hostUpdate(): void {
    const host = this.host;
    this.locale = canonical(host.locale || host.getAttribute('locale')) ?? canonical(closestLang(host)) ?? 'en';
    this.chain = localeChain(this.locale);
    for (const tag of this.chain) {
      loadLocale(tag).catch((error: Error) => {
        if (this.#reported) return;
        this.#reported = true;
        emit(host, 'room-error', { code: 'locale_unavailable', message: error.message });
      });
    }
    this.dir = directionOf(this.locale);
    const dir = host.getAttribute('dir');
    // A dir the page set on the element is the page's choice; otherwise it follows the locale. Setting it again,
    // even to the same value, restyles the element's whole shadow tree (`:dir()`), so only a change is written.
    if ((dir === null || dir === this.#dirSet) && dir !== this.dir) host.setAttribute('dir', (this.#dirSet = this.dir));
  }

  /** The text of `key` in the element's locale, each string falling back to English on its own. */
  t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string {
    return translate(this.locale, key, params[0] as Record<string, string | number | Date> | undefined, this.chain);
  }

  /**
   * Text from the server: translated when it is a key of the active catalogues (plugNmeet sends keys), else
   * `fallback`, which defaults to the text as sent. `serverText('error.' + code, message)` words a refusal.
   */
  serverText(text: string, fallback = text): string {
    const translated = translate(this.locale, text, {}, this.chain);
    return translated === text ? fallback : translated;
  }

  time(ts: number | Date): string {
    return formatTime(ts, this.locale);
  }
}
