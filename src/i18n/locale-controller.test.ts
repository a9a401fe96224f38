import { expect } from '@open-wc/testing';
import { html, LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { LocaleController } from './locale-controller.ts';
import { en } from './en.ts';
import { addEnglish, registerTranslation, setLocaleBase } from './registry.ts';

// The layer alone: English arrives with the elements' modules, which these tests do not load.
addEnglish(en);

/** A minimal element wired the way the widgets are: its strings, a plural, server text and a time. */
class I18nProbe extends LitElement {
  @property() locale: string | undefined;
  @property() server = '';
  @property({ type: Number }) count = 2;
  readonly i18n = new LocaleController(this);

  protected override render() {
    return html`<button class="send">${this.i18n.t('chat.send')}</button>
      <span class="more">${this.i18n.t('chat.newMessages', { count: this.count })}</span>
      <span class="server">${this.i18n.serverText(this.server)}</span>
      <time>${this.i18n.time(new Date(2026, 0, 2, 14, 5))}</time>`;
  }
}
customElements.define('i18n-probe', I18nProbe);

const mounted: Element[] = [];
async function mount(attrs: Record<string, string> = {}): Promise<I18nProbe> {
  const el = document.createElement('i18n-probe') as I18nProbe;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  mounted.push(el);
  await el.updateComplete;
  return el;
}
const text = (el: I18nProbe, selector: string) => el.shadowRoot!.querySelector(selector)!.textContent;
async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('i18n: LocaleController in an element', () => {
  afterEach(() => {
    for (const box of mounted.splice(0)) box.remove();
    document.documentElement.removeAttribute('lang');
  });

  it('renders German for locale="de" once the file arrives: the button, a plural and the time', async () => {
    const el = await mount({ locale: 'de' });
    await until(() => text(el, '.send') === 'Senden', 'German strings');
    expect(text(el, '.more')).to.equal('2 neue Nachrichten ↓');
    expect(text(el, 'time')).to.equal('14:05');
    expect(el.getAttribute('dir')).to.equal('ltr');
  });

  it('follows the closest lang of the page, through shadow roots, and is right-to-left in Arabic', async () => {
    class LangShell extends HTMLElement {
      constructor() {
        super();
        this.attachShadow({ mode: 'open' }).append(document.createElement('i18n-probe'));
      }
    }
    customElements.define('lang-shell', LangShell);
    const section = Object.assign(document.createElement('section'), { lang: 'ar' });
    const shell = section.appendChild(document.createElement('lang-shell'));
    document.body.append(section);
    mounted.push(section);
    const el = shell.shadowRoot!.querySelector('i18n-probe') as I18nProbe;
    await el.updateComplete;
    await until(() => text(el, '.send') === 'إرسال', 'Arabic strings');
    expect(el.i18n.locale).to.equal('ar');
    expect(el.getAttribute('dir')).to.equal('rtl');
    expect(getComputedStyle(el).direction).to.equal('rtl');
    expect(text(el, '.more')).to.equal('رسالتان جديدتان ↓');
  });

  it('re-renders when the page changes its lang, and shows English for a lang it has no strings for', async () => {
    document.documentElement.lang = 'sw';
    const el = await mount();
    expect(text(el, '.send')).to.equal('Send');
    document.documentElement.lang = 'he';
    await until(() => text(el, '.send') === 'שליחה', 'Hebrew after the page switched lang');
    expect(el.getAttribute('dir')).to.equal('rtl');
    document.documentElement.lang = 'ja';
    await until(() => text(el, '.send') === '送信', 'Japanese after the page switched again');
    expect(el.getAttribute('dir')).to.equal('ltr');
  });

  it('leaves a dir the page set on the element alone', async () => {
    const el = await mount({ locale: 'ar', dir: 'ltr' });
    await until(() => text(el, '.send') === 'إرسال', 'Arabic strings');
    expect(el.getAttribute('dir')).to.equal('ltr');
    expect(getComputedStyle(el).direction).to.equal('ltr');
  });

  it('takes a registration in mounted elements at once, and translates server text that is a key', async () => {
    const el = await mount({ locale: 'pt-BR', server: 'host.someoneWaves' });
    await until(() => text(el, '.send') === 'Enviar', 'Portuguese strings');
    expect(text(el, '.server')).to.equal('host.someoneWaves'); // unknown keys show as sent
    registerTranslation('pt-BR', { 'host.someoneWaves': 'Alguém acenou', 'chat.send': 'Mandar' });
    await el.updateComplete;
    expect(text(el, '.server')).to.equal('Alguém acenou');
    expect(text(el, '.send')).to.equal('Mandar');
    registerTranslation('en', { 'host.someoneWaves': 'Someone waved' });
    el.locale = 'en';
    await el.updateComplete;
    expect(text(el, '.server')).to.equal('Someone waved');
    for (const sent of [
      'Plain words from the server.',
      '__proto__',
      'constructor',
      'toString',
      'chat.newMessages.other',
    ]) {
      el.server = sent;
      await el.updateComplete;
      expect(text(el, '.server')).to.equal(sent);
    }
  });

  it('reports a locale file it cannot load through room-error and keeps showing English', async () => {
    setLocaleBase('/no-such-folder/');
    try {
      const errors: Array<{ code: string; message: string }> = [];
      const listener = (e: Event) => errors.push((e as CustomEvent).detail);
      document.addEventListener('room-error', listener);
      const el = await mount({ locale: 'zh-CN' });
      await until(() => errors.length > 0, 'a room-error');
      document.removeEventListener('room-error', listener);
      expect(errors[0]!.code).to.equal('locale_unavailable');
      expect(errors[0]!.message).to.contain('/no-such-folder/zh-CN.json');
      expect(text(el, '.send')).to.equal('Send');
      expect(text(el, '.more')).to.equal('2 new messages ↓');
    } finally {
      setLocaleBase(null);
    }
  });
});
