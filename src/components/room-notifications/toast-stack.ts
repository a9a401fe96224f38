import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Toast, ToastQueue } from '../../core/toast-queue.ts';
import type { RoomNotificationActionDetail } from '../../events/room-notification-action.ts';
import type { RoomOpenChatDetail } from '../../events/room-open-chat.ts';
import type { LocaleController } from '../../i18n/locale-controller.ts';
import type { ToastFocus } from './toast-focus.ts';
import { renderToast, type ToastAction } from './toast-view.ts';

/**
 * The stack of toasts as the element shows it: the queue's visible toasts, paused while hovered or focused, the host's
 * actions on them (each answered once), closing with focus moving on, and the "+N more" line.
 */
export class ToastStack {
  readonly #actions = new Map<string, ToastAction[]>();
  /** Chat previews, by toast id: what `room-open-chat` says. */
  readonly #opens = new Map<string, RoomOpenChatDetail>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly queue: ToastQueue,
    private readonly focus: ToastFocus,
    private readonly onAction: (detail: RoomNotificationActionDetail) => void,
    /** False when the host cancelled `room-open-chat`: the preview stays. */
    private readonly onOpen: (detail: RoomOpenChatDetail) => boolean,
  ) {}

  /** A toast with actions stays until one is used or it is closed; replacing it with none makes it an ordinary toast. */
  setActions(id: string, actions: ToastAction[]): void {
    if (actions.length > 0)
      this.#actions.set(
        id,
        actions.map((a) => ({ id: String(a.id), label: String(a.label) })),
      );
    else this.#actions.delete(id);
  }

  /** The toast is a chat preview: a click (or Enter) on it opens the chat. */
  setOpen(id: string, detail: RoomOpenChatDetail): void {
    this.#opens.set(id, detail);
  }

  sticky(id: string): boolean {
    return this.#actions.has(id);
  }

  /** Closes a toast; focus inside it moves to the next toast, else back to where it was before the toasts. */
  async close(id: string): Promise<void> {
    const root = this.host.shadowRoot!;
    const li = root.querySelector(`[data-id="${CSS.escape(id)}"]`);
    const hadFocus = !!li && li.contains(root.activeElement);
    this.queue.dismiss(id);
    this.#actions.delete(id);
    this.#opens.delete(id);
    if (!hadFocus) return;
    await this.host.updateComplete;
    const next = root.querySelector<HTMLElement>('[part~="toast"] [part="close-button"]');
    if (next) next.focus();
    else this.focus.giveBack();
  }

  /** Esc on the stack itself or the bell (where the hotkey leads) gives focus back to where it was. */
  readonly onEscape = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.target !== event.currentTarget) return;
    event.stopPropagation();
    this.focus.giveBack();
  };

  readonly #handlers = {
    act: (t: Toast, action: ToastAction) => {
      if (!this.#actions.has(t.id)) return; // a second click while closing
      this.#actions.delete(t.id);
      this.onAction({ notificationId: t.id, actionId: action.id });
      void this.close(t.id);
    },
    close: (id: string) => void this.close(id),
    open: (t: Toast) => {
      const detail = this.#opens.get(t.id);
      if (detail && this.onOpen(detail)) void this.close(t.id);
    },
  };

  /** `first`: the catch-up card or the summary, above the toasts. */
  render(
    i: LocaleController,
    toasts: Toast[],
    first: TemplateResult | null,
    hotkey: string,
    extra: TemplateResult | typeof nothing,
  ) {
    const queue = this.queue;
    const overflow = queue.overflow;
    return html`<section
        aria-label=${i.t('notifications.region')}
        @mouseenter=${() => queue.pause('hover')}
        @mouseleave=${() => queue.resume('hover')}
        @focusin=${() => queue.pause('focus')}
        @focusout=${(e: FocusEvent) => {
          if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) queue.resume('focus');
        }}
      >
        <ol part="stack" class="stack" tabindex="-1" aria-keyshortcuts=${hotkey || nothing} @keydown=${this.onEscape}>
          ${first ?? nothing}${repeat(
            toasts,
            (t) => t.id,
            (t) =>
              renderToast(
                i,
                t,
                this.#actions.get(t.id) ?? [],
                this.#opens.has(t.id) ? this.#handlers : { ...this.#handlers, open: undefined },
              ),
          )}
        </ol>
        ${overflow > 0 ? html`<div part="overflow" class="overflow">${i.t('notifications.more', { count: overflow })}</div>` : nothing}
        ${extra}
      </section>`;
  }
}
