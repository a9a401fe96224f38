import { html } from 'lit';
import type { MessageKey, ParamsArg } from '../../i18n/en.ts';
import { x } from '../icons.ts';
import { icon } from '../theme.ts';
import type { Tally } from './away-watch.ts';

/** `catch-up`: after the page was hidden or offline for a while; `summary`: after presenting. */
export type DigestKind = 'catch-up' | 'summary';

/** What a digest's links do. */
export interface DigestHost {
  t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string;
  /** Opens the chat at a message (`room-open-chat`). */
  openChat(messageId: string, direct: boolean): void;
  openCentre(): void;
  close(): void;
}

const LINKS = [
  ['messages', 'notifications.countMessages'],
  ['mentions', 'notifications.countMentions'],
  ['private', 'notifications.countPrivate'],
] as const;

/**
 * One card for what arrived while the user was away or presenting, in place of a toast (and a sound) per item: each
 * count is a link to where those items are. Esc or its close button dismisses it.
 */
export function renderDigest(h: DigestHost, kind: DigestKind, tally: Tally) {
  const { title, links } = digestWords(h, kind, tally);
  return html`<li part=${kind === 'summary' ? 'toast toast-summary' : 'catch-up'} class="toast digest" data-id="digest"
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (e.stopPropagation(), h.close())}>
      <span part="toast-label" class="label">${title}</span>
      <ul class="links" aria-label=${title}>
        ${links.map(({ label, open }) => html`<li><button part="catch-up-link" class="link" type="button" @click=${open}>${label}</button></li>`)}
      </ul>
      <button part="close-button" class="close" type="button" aria-label=${h.t('notifications.dismissInfo', { text: title })} @click=${h.close}>${icon(x)}</button>
    </li>`;
}

/** The card's title and its links (each count that is not zero): what it shows, and what a screen reader hears. */
export function digestWords(h: DigestHost, kind: DigestKind, tally: Tally) {
  const title = h.t(kind === 'summary' ? 'notifications.summary' : 'notifications.catchUp');
  const links: Array<{ label: string; open: () => void }> = [];
  for (const [k, key] of LINKS) {
    const id = tally.first[k];
    if (tally[k] > 0 && id)
      links.push({ label: h.t(key, { count: tally[k] }), open: () => h.openChat(id, k !== 'messages') });
  }
  if (tally.notifications > 0)
    links.push({ label: h.t('notifications.countNotifications', { count: tally.notifications }), open: h.openCentre });
  return { title, links };
}
