import { expect } from '@open-wc/testing';
import { en } from './en.ts';
import { refusals } from './refusals.ts';
import {
  SHIPPED_LOCALES,
  addEnglish,
  catalogue,
  directionOf,
  loadLocale,
  localeChain,
  registerTranslation,
} from './registry.ts';
import { formatTime, t, translate } from './translate.ts';

// The layer alone: English arrives with the elements' modules, which these tests do not load.
addEnglish(en);

const number = (locale: string, n: number) => new Intl.NumberFormat(locale).format(n);

/** The locale files the test server serves from src/i18n/locales/, as the widgets fetch them. */
const fetchedLocaleFiles = () =>
  performance
    .getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname)
    .filter((p) => p.startsWith('/src/i18n/locales/'));

describe('i18n: t() and the catalogues', () => {
  it('speaks English before any locale is loaded, with English plurals and formatted numbers', () => {
    expect(translate('en', 'chat.send')).to.equal('Send');
    expect(translate('en', 'chat.newMessages', { count: 1 })).to.equal('1 new message ↓');
    expect(translate('en', 'chat.newMessages', { count: 1234 })).to.equal('1,234 new messages ↓');
    expect(translate('en', 'chat.you', { name: 'Ada' })).to.equal('Ada (you)');
    // The typed form for code outside an element follows <html lang>, which the test page leaves unset.
    expect(t('chat.privateTo', { name: 'Bo' })).to.equal('Private to Bo');
  });

  it('shows English for a shipped locale until its file arrives, then fetches it once from beside the script', async () => {
    expect(fetchedLocaleFiles()).to.not.include('/src/i18n/locales/fr.json');
    expect(translate('fr', 'chat.send')).to.equal('Send');
    await Promise.all([loadLocale('fr'), loadLocale('fr')]);
    expect(translate('fr', 'chat.send')).to.equal('Envoyer');
    expect(translate('fr-CA', 'chat.everyone')).to.equal('Tout le monde');
    expect(fetchedLocaleFiles().filter((p) => p === '/src/i18n/locales/fr.json')).to.have.length(1);
  });

  it('chooses German plural forms by Intl.PluralRules and formats the count the German way', async () => {
    await loadLocale('de');
    expect(translate('de', 'chat.newMessages', { count: 1 })).to.equal('1 neue Nachricht ↓');
    expect(translate('de', 'chat.newMessages', { count: 2 })).to.equal('2 neue Nachrichten ↓');
    expect(translate('de', 'chat.newMessages', { count: 0 })).to.equal('0 neue Nachrichten ↓');
    expect(translate('de', 'chat.newMessages', { count: 1500 })).to.equal(`${number('de', 1500)} neue Nachrichten ↓`);
    expect(number('de', 1500)).to.equal('1.500');
    // de-AT reads the German file; its numbers follow de-AT.
    expect(translate('de-AT', 'notifications.more', { count: 12345 })).to.equal(`+${number('de-AT', 12345)} weitere`);
  });

  it('chooses among all six Arabic plural forms', async () => {
    await loadLocale('ar');
    const say = (count: number) => translate('ar', 'chat.newMessages', { count });
    expect(say(0)).to.equal('لا رسائل جديدة ↓');
    expect(say(1)).to.equal('رسالة جديدة واحدة ↓');
    expect(say(2)).to.equal('رسالتان جديدتان ↓');
    expect(say(3)).to.equal(`${number('ar', 3)} رسائل جديدة ↓`); // few: 3–10
    expect(say(11)).to.equal(`${number('ar', 11)} رسالة جديدة ↓`); // many: 11–99
    expect(say(100)).to.equal(`${number('ar', 100)} رسالة جديدة ↓`); // other
    expect(new Intl.PluralRules('ar').select(11)).to.equal('many');
    expect(translate('ar', 'notifications.times', { count: 2 })).to.equal('مرتان');
  });

  it('falls back to English string by string, and through the language to English', () => {
    registerTranslation('de-CH', { 'chat.send': 'Abschicken' });
    expect(localeChain('de-CH')).to.deep.equal(['de-CH', 'de', 'en']);
    expect(translate('de-CH', 'chat.send')).to.equal('Abschicken');
    expect(translate('de-CH', 'chat.retry')).to.equal('Erneut versuchen'); // from de
    registerTranslation('tlh', { 'chat.send': 'ngeH' });
    expect(translate('tlh', 'chat.send')).to.equal('ngeH');
    expect(translate('tlh', 'chat.retry')).to.equal('Retry'); // from English
    expect(translate('de', 'no.such.key')).to.equal('no.such.key');
  });

  it('matches a requested tag to a shipped locale of the same language and script, never across scripts', () => {
    // The tag itself comes first even without a catalogue (a host may register one later).
    expect(localeChain('pt')).to.deep.equal(['pt', 'pt-BR', 'en']);
    expect(localeChain('pt-PT')).to.deep.equal(['pt-PT', 'pt-BR', 'en']);
    expect(localeChain('zh')).to.deep.equal(['zh', 'zh-CN', 'en']);
    expect(localeChain('zh-SG')).to.deep.equal(['zh-SG', 'zh-CN', 'en']);
    expect(localeChain('zh-TW')).to.deep.equal(['zh-TW', 'en']);
    expect(localeChain('zh-Hant')).to.deep.equal(['zh-Hant', 'en']);
    expect(localeChain('ja-JP')).to.deep.equal(['ja-JP', 'ja', 'en']);
    expect(localeChain('en-GB')).to.deep.equal(['en-GB', 'en']);
    // A host's English variant comes before plain English, whatever else the host registered.
    registerTranslation('en', { 'host.greeting': 'Hello' });
    registerTranslation('en-AU', { 'host.greeting': "G'day" });
    expect(localeChain('en-NZ')).to.deep.equal(['en-NZ', 'en-AU', 'en']);
    expect(translate('en-NZ', 'host.greeting')).to.equal("G'day");
  });

  it('gives each locale its writing direction', () => {
    expect(['ar', 'he', 'fa', 'ur', 'ar-EG', 'yi'].map(directionOf)).to.deep.equal(Array(6).fill('rtl'));
    expect(['en', 'de', 'ja', 'zh-CN', 'pt-BR', 'tr'].map(directionOf)).to.deep.equal(Array(6).fill('ltr'));
  });

  it('fills parameters: numbers and dates through Intl, unknown ones left visible', () => {
    const at = new Date(2026, 0, 2, 14, 5);
    registerTranslation('en', { 'test.at': 'Sent at {time} by {who}' });
    expect(translate('en', 'test.at', { time: at })).to.equal(`Sent at ${formatTime(at, 'en')} by {who}`);
    expect(formatTime(at, 'de')).to.equal('14:05');
    expect(formatTime(at, 'en-US')).to.match(/^02:05\sPM$/);
  });

  it('lets a host add and override strings, winning over a file loaded later', async () => {
    registerTranslation('es', {
      'chat.send': '¡Envía!',
      'host.handsUp': { one: '{count} mano levantada', other: '{count} manos levantadas' },
    });
    await loadLocale('es');
    expect(translate('es', 'chat.send')).to.equal('¡Envía!');
    expect(translate('es', 'chat.retry')).to.equal('Reintentar'); // the file's
    expect(translate('es', 'host.handsUp', { count: 1 })).to.equal('1 mano levantada');
    expect(translate('es', 'host.handsUp', { count: 3 })).to.equal('3 manos levantadas');
    expect(translate('es', 'notifications.somethingElse')).to.equal('notifications.somethingElse');
  });

  it('skips registered values that are not text, falling back to English, and refuses a tag that is not one', () => {
    registerTranslation('it', {
      'chat.send': 'Invia',
      'chat.retry': 42,
      'chat.to': { one: 'A' },
      'chat.everyone': { other: ['x'] },
      'chat.input': null,
    } as never);
    expect(translate('it', 'chat.send')).to.equal('Invia');
    expect(['chat.retry', 'chat.to', 'chat.everyone', 'chat.input'].map((k) => translate('it', k))).to.deep.equal([
      'Retry',
      'To',
      'Everyone',
      'Message',
    ]);
    for (const bad of ['not a tag!', '', undefined, null, ['de', 'fr']])
      expect(() => registerTranslation(bad as never, {}), String(bad)).to.throw(RangeError);
    expect(localeChain('ja')).to.deep.equal(['ja', 'en'], 'nothing was registered for them');
  });

  it('ships every locale complete, with exactly the plural forms this browser uses for it', async () => {
    await Promise.all(SHIPPED_LOCALES.map((tag) => loadLocale(tag)));
    for (const tag of SHIPPED_LOCALES) {
      const strings = catalogue(tag)!;
      const categories = new Intl.PluralRules(tag).resolvedOptions().pluralCategories.slice().sort();
      for (const [key, english] of Object.entries({ ...en, ...refusals })) {
        const value = strings[key];
        expect(value, `${tag} ${key}`).to.not.equal(undefined);
        if (typeof english === 'object')
          expect(Object.keys(value as object).sort(), `${tag} ${key}`).to.deep.equal(categories);
      }
    }
    expect(SHIPPED_LOCALES.filter((tag) => directionOf(tag) === 'rtl')).to.deep.equal(['ar', 'he']);
  });
});
