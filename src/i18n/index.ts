/** The localisation layer: English built in, other locales loaded on demand, host strings registered at run time. */
export { en, type MessageKey, type Params, type PluralForms, type Translation } from './en.ts';
export { LocaleController, type LocaleHost } from './locale-controller.ts';
export { SHIPPED_LOCALES, directionOf, loadLocale, localeChain, onLocaleChange, registerTranslation, setLocaleBase } from './registry.ts';
export { formatTime, isKnownKey, pageLocale, t, translate } from './translate.ts';
