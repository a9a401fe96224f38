import { css, html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { NotificationLevel } from '../../core/public-types.ts';
import type { CentreEntry } from '../../core/notification-centre.ts';
import type { NotificationSettings, SettingName, SettingType } from '../../core/notification-settings.ts';
import type { MessageKey, ParamsArg } from '../../i18n/en.ts';
import { bellOff, x } from '../icons.ts';
import { icon } from '../theme.ts';

/*
 * The notification centre's panel, loaded the first time the bell is pressed: most pages never open it, so its
 * template, styles and the permission request stay out of the classic script (dist/room-widgets-centre.js).
 * It imports only lit and types; everything else comes from the element through `CentreHost`.
 */

/** What the panel needs from its `<room-notifications>`. */
export interface CentreHost {
  t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string;
  /** The element's locale, for relative times. */
  locale: string;
  time(ts: number): string;
  /** Closes the centre, focus back on the bell. */
  close(): void;
  readonly entries: readonly CentreEntry[];
  readonly settings: NotificationSettings;
  readonly desktopNotifications: boolean;
  labelOf(entry: { level: NotificationLevel; missed: boolean }): string;
  markAllRead(): void;
  clear(): void;
  toggleSetting(type: SettingType, name: SettingName, value: boolean): void;
  /** Re-renders the element (after the permission prompt is answered). */
  requestUpdate(): void;
}

const TYPES: readonly SettingType[] = ['info', 'warning', 'error', 'chat', 'presence'];

export const centreStyles = css`
  .center {
    pointer-events: auto;
    width: 100%;
    box-sizing: border-box;
    max-height: min(560px, 80vh);
    overflow-y: auto;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: 12px;
    margin-block-end: var(--_gap);
    box-shadow: 0 8px 24px rgb(0 0 0 / 18%);
    line-height: 20px;
  }
  .center-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px;
    padding-block: 8px;
    padding-inline: 16px 8px;
    border-block-end: 1px solid var(--_border);
  }
  .center-tools {
    order: 1;
    flex-basis: 100%;
    margin-inline-start: -10px;
  }
  h2 {
    flex: 1;
    margin: 0;
    font-size: 16px;
    line-height: 24px;
    font-weight: 600;
  }
  .center button {
    font: inherit;
    color: var(--_accent);
    background: none;
    border: 0;
    border-radius: 6px;
    padding: 4px 10px;
    cursor: pointer;
  }
  .center button:hover {
    background: var(--_hover);
  }
  .center-close.center-close {
    display: grid;
    place-items: center;
    width: 32px;
    height: 32px;
    padding: 0;
    color: var(--_muted);
  }
  .center-list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .item {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: 0 8px;
    padding: 8px 16px;
    border-block-end: 1px solid var(--_border);
  }
  .item.unread {
    background: var(--_hover);
    border-inline-start: 3px solid var(--_accent);
    padding-inline-start: 13px;
  }
  .item .label {
    font-size: 12px;
    font-weight: 600;
    color: var(--_info);
  }
  .item.warning .label {
    color: var(--_warning);
  }
  .item.error .label {
    color: var(--_error);
  }
  .item time {
    font-size: 12px;
    color: var(--_muted);
  }
  .item .text {
    grid-column: 1 / span 2;
    margin: 0;
    overflow-wrap: anywhere;
  }
  .empty {
    color: var(--_muted);
    margin: 0;
    padding: 24px 16px;
    text-align: center;
  }
  .empty .icon {
    display: block;
    margin: 0 auto 8px;
    width: 32px;
    height: 32px;
    stroke-width: 1.5;
  }
  .settings {
    width: calc(100% - 32px);
    margin: 12px 16px;
    border-collapse: collapse;
    text-align: start;
    font-size: 12px;
  }
  .settings caption {
    text-align: start;
    font-weight: 600;
    font-size: 14px;
    padding-block-end: 4px;
  }
  .settings th {
    font-weight: 400;
    text-align: start;
    color: var(--_muted);
  }
  .settings input {
    accent-color: var(--_accent);
  }
  .center .desktop {
    margin: 0 6px 12px;
  }
`;

const permission = (): NotificationPermission | 'unsupported' =>
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;

async function askPermission(host: CentreHost): Promise<void> {
  // Browsers ignore a request without a user gesture: this runs from the button's click.
  if (permission() !== 'unsupported') await Notification.requestPermission();
  host.requestUpdate();
}

/** "now", "5 min. ago", "3 hr. ago" in the element's locale; older: the time as the element shows it. */
function ago(host: CentreHost, ts: number): string {
  const s = (Date.now() - ts) / 1000;
  const f = new Intl.RelativeTimeFormat(host.locale, { numeric: 'auto', style: 'short' });
  if (s < 60) return f.format(0, 'second');
  if (s < 3600) return f.format(-Math.floor(s / 60), 'minute');
  return s < 86400 ? f.format(-Math.floor(s / 3600), 'hour') : host.time(ts);
}

export function renderCentre(host: CentreHost): TemplateResult {
  const t = host.t.bind(host);
  const asked = host.desktopNotifications ? permission() : 'unsupported';
  const onKeydown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    host.close();
  };
  return html`<div part="center" class="center" id="center" role="dialog" aria-labelledby="center-title" @keydown=${onKeydown}>
    <div class="center-head">
      <h2 id="center-title">${t('notifications.center')}</h2>
      <div class="center-tools">
        <button type="button" @click=${() => host.markAllRead()}>${t('notifications.markRead')}</button>
        <button type="button" @click=${() => host.clear()}>${t('notifications.clear')}</button>
      </div>
      <button part="center-close" class="center-close" type="button" aria-label=${t('notifications.close')} title=${t('notifications.close')} @click=${() => host.close()}>${icon(x)}</button>
    </div>
    ${host.entries.length === 0 ? html`<p class="empty">${icon(bellOff)}${t('notifications.empty')}</p>` : nothing}
    <ol class="center-list">
      ${repeat(
        host.entries,
        (e) => e.id,
        (e) => html`<li part="center-item" class="item ${e.level}${e.read ? '' : ' unread'}">
          <span class="label">${host.labelOf(e)}</span>
          <time datetime=${new Date(e.ts).toISOString()} title=${host.time(e.ts)}>${ago(host, e.ts)}</time>
          <p class="text" dir="auto">${e.text}</p>
        </li>`,
      )}
    </ol>
    <table part="center-settings" class="settings">
      <caption>${t('notifications.settings')}</caption>
      <tr><th scope="col">${t('notifications.type')}</th><th scope="col">${t('notifications.sound')}</th><th scope="col">${t('notifications.popup')}</th></tr>
      ${TYPES.map((level) => {
        const label =
          level === 'chat'
            ? t('notifications.chatType')
            : level === 'presence'
              ? t('notifications.presenceType')
              : host.labelOf({ level, missed: false });
        return html`<tr>
          <th scope="row">${label}</th>
          ${(['sound', 'popup'] as const).map(
            (name) => html`<td><input type="checkbox" data-setting="${level}-${name}"
            aria-label="${label}: ${t(name === 'sound' ? 'notifications.sound' : 'notifications.popup')}"
            .checked=${host.settings[level][name]} @change=${(e: Event) => host.toggleSetting(level, name, (e.target as HTMLInputElement).checked)} /></td>`,
          )}
        </tr>`;
      })}
    </table>
    ${
      asked === 'default'
        ? html`<button type="button" class="desktop" data-desktop @click=${() => askPermission(host)}>${t('notifications.desktop')}</button>`
        : asked === 'denied'
          ? html`<p class="empty">${t('notifications.desktopBlocked')}</p>`
          : nothing
    }
  </div>`;
}
