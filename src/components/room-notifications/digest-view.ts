import { html, nothing } from 'lit';
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
  const title = h.t(kind === 'summary' ? 'notifications.summary' : 'notifications.catchUp');
  const link = (label: string, open: () => void) =>
    html`<li><button part="catch-up-link" class="link" type="button" @click=${open}>${label}</button></li>`;
  return html`<li part=${kind === 'summary' ? 'toast toast-summary' : 'catch-up'} class="toast digest" data-id="digest"
      @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && (e.stopPropagation(), h.close())}>
      <span part="toast-label" class="label">${title}</span>
      <ul class="links" aria-label=${title}>
        ${LINKS.map(([k, key]) => {
          const id = tally.first[k];
          return tally[k] > 0 && id
            ? link(h.t(key, { count: tally[k] }), () => h.openChat(id, k !== 'messages'))
            : nothing;
        })}
        ${tally.notifications > 0 ? link(h.t('notifications.countNotifications', { count: tally.notifications }), h.openCentre) : nothing}
      </ul>
      <button part="close-button" class="close" type="button" aria-label=${h.t('notifications.dismissInfo', { text: title })} @click=${h.close}>${icon(x)}</button>
    </li>`;
}
