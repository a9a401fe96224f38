/** The localisation layer: English built in, other locales loaded on demand, host strings registered at run time. */
export { en, type MessageKey, type Params, type PluralForms, type Translation } from './en.ts';
export { refusals } from './refusals.ts';
export { LocaleController, type LocaleHost } from './locale-controller.ts';
export {
  SHIPPED_LOCALES,
  directionOf,
  loadLocale,
  localeChain,
  onLocaleChange,
  registerTranslation,
  setLocaleBase,
} from './registry.ts';
export { formatTime, t, translate } from './translate.ts';
