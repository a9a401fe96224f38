import { css, html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { NotificationLevel } from '../../core/public-types.ts';
import type { CentreEntry } from '../../core/notification-centre.ts';
import type { NotificationSettings, SettingName } from '../../core/notification-settings.ts';
import type { MessageKey, ParamsArg } from '../../i18n/en.ts';

/*
 * The notification centre's panel, loaded the first time the bell is pressed: most pages never open it, so its
 * template, styles and the permission request stay out of the classic script (dist/room-widgets-centre.js).
 * It imports only lit and types; everything else comes from the element through `CentreHost`.
 */

/** What the panel needs from its `<room-notifications>`. */
export interface CentreHost {
  t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string;
  time(ts: number): string;
  readonly entries: readonly CentreEntry[];
  readonly settings: NotificationSettings;
  readonly desktopNotifications: boolean;
  labelOf(entry: { level: NotificationLevel; missed: boolean }): string;
  markAllRead(): void;
  clear(): void;
  toggleSetting(level: NotificationLevel, name: SettingName, value: boolean): void;
  /** Re-renders the element (after the permission prompt is answered). */
  requestUpdate(): void;
}

const LEVELS: readonly NotificationLevel[] = ['info', 'warning', 'error'];

export const centreStyles = css`
  .center {
    pointer-events: auto;
    width: 100%;
    box-sizing: border-box;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 8px 12px;
    margin-block-end: var(--_gap);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.18);
  }
  .center-tools {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
  }
  .center-list {
    list-style: none;
    margin: 8px 0;
    padding: 0;
    max-height: 40vh;
    overflow-y: auto;
  }
  .item {
    display: grid;
    grid-template-columns: 1fr auto;
    border-block-end: 1px solid var(--_border);
    padding-block: 4px;
  }
  .item.unread {
    font-weight: 600;
  }
  .item .text {
    grid-column: 1 / span 2;
  }
  .settings {
    width: 100%;
    text-align: start;
    font-size: 0.9em;
  }
  .settings caption {
    text-align: start;
    font-weight: 600;
  }
  .empty {
    color: var(--_muted);
    margin: 4px 0;
  }
`;

const permission = (): NotificationPermission | 'unsupported' =>
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;

async function askPermission(host: CentreHost): Promise<void> {
  // Browsers ignore a request without a user gesture: this runs from the button's click.
  if (permission() !== 'unsupported') await Notification.requestPermission();
  host.requestUpdate();
}

export function renderCentre(host: CentreHost): TemplateResult {
  const t = host.t.bind(host);
  const asked = host.desktopNotifications ? permission() : 'unsupported';
  return html`<div part="center" class="center" id="center" role="region" aria-label=${t('notifications.center')}>
    <div class="center-tools">
      <button type="button" @click=${() => host.markAllRead()}>${t('notifications.markRead')}</button>
      <button type="button" @click=${() => host.clear()}>${t('notifications.clear')}</button>
    </div>
    ${host.entries.length === 0 ? html`<p class="empty">${t('notifications.empty')}</p>` : nothing}
    <ol class="center-list">
      ${repeat(
        host.entries,
        (e) => e.id,
        (e) => html`<li part="center-item" class="item ${e.level}${e.read ? '' : ' unread'}">
          <span class="label">${host.labelOf(e)}</span>
          <time datetime=${new Date(e.ts).toISOString()}>${host.time(e.ts)}</time>
          <p class="text" dir="auto">${e.text}</p>
        </li>`,
      )}
    </ol>
    <table part="center-settings" class="settings">
      <caption>${t('notifications.settings')}</caption>
      <tr><th scope="col">${t('notifications.type')}</th><th scope="col">${t('notifications.sound')}</th><th scope="col">${t('notifications.popup')}</th></tr>
      ${LEVELS.map((level) => {
        const label = host.labelOf({ level, missed: false });
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
