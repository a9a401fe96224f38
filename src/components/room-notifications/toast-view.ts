import { html, nothing } from 'lit';
import type { NotificationLevel } from '../../core/public-types.ts';
import type { Toast } from '../../core/toast-queue.ts';
import type { LocaleController } from '../../i18n/locale-controller.ts';
import { x } from '../icons.ts';
import { icon } from '../theme.ts';

/** A button on a toast; a click fires `room-notification-action` once and closes the toast. */
export interface ToastAction {
  id: string;
  label: string;
}

export type NotificationPosition =
  'top-end' | 'top-start' | 'bottom-end' | 'bottom-start' | 'top-center' | 'bottom-center' | 'static';

export interface NotifyOptions {
  withSound?: boolean;
  actions?: ToastAction[];
  /** The id of a toast still shown: this one replaces its level, text and actions in place. */
  id?: string;
}

const LABEL = { info: 'notifications.info', warning: 'notifications.warning', error: 'notifications.error' } as const;
const MISSED = {
  info: 'notifications.missedInfo',
  warning: 'notifications.missedWarning',
  error: 'notifications.missedError',
} as const;
const DISMISS = {
  info: 'notifications.dismissInfo',
  warning: 'notifications.dismissWarning',
  error: 'notifications.dismissError',
} as const;

/** "Info", "Missed warning", ...: a toast's or a centre entry's label. */
export function levelLabel(
  i18n: LocaleController,
  { level, missed }: { level: NotificationLevel; missed: boolean },
): string {
  return i18n.t((missed ? MISSED : LABEL)[level]);
}

/** What a toast's controls do, in its element. */
export interface ToastHandlers {
  act(t: Toast, action: ToastAction): void;
  close(id: string): void;
  /** A chat preview opens the chat (`room-open-chat`); other toasts have nothing to open. */
  open?(t: Toast): void;
}

/**
 * One toast of the stack: label (or the toast's own title, with the merge count), text, the host's actions and the
 * close button; Esc closes it. A chat preview's label and text are one button that opens the chat.
 */
export function renderToast(i: LocaleController, t: Toast, actions: ToastAction[], on: ToastHandlers) {
  const parts = `toast toast-${t.level} toast-${t.category}${t.missed ? ' toast-missed' : ''}`;
  const open = on.open;
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    on.close(t.id);
  };
  const label = html`<span part="toast-label" class="label" dir="auto">${t.title ?? levelLabel(i, t)}${
    t.count > 1
      ? html`<span part="toast-count" class="count" aria-label=${i.t('notifications.times', { count: t.count })}>×${t.count}</span>`
      : nothing
  }</span>`;
  return html`<li part=${parts} class="toast ${t.level} ${t.category}" data-id=${t.id} @keydown=${onKeydown}>
      ${
        open
          ? html`<button part="toast-open" class="open" type="button" title=${i.t('notifications.openChat')} @click=${() => open(t)}>${label}<span part="toast-text" class="text" dir="auto">${t.text}</span></button>`
          : html`${label}<p part="toast-text" class="text" dir="auto">${t.text}</p>`
      }
      ${
        actions.length > 0
          ? html`<div class="actions">${actions.map((a) => html`<button part="toast-action" type="button" @click=${() => on.act(t, a)}>${a.label}</button>`)}</div>`
          : nothing
      }
      <button part="close-button" class="close" type="button" aria-label=${i.t(DISMISS[t.level], { text: t.text.slice(0, 80) })} @click=${() => on.close(t.id)}>${icon(x)}</button>
    </li>`;
}
