import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { RoomClient } from '../../core/client.ts';
import type { RoomMessage } from '../../core/public-types.ts';
import type { RoomState } from '../../core/store/state.ts';
import type { LocaleController } from '../../i18n/locale-controller.ts';
import { chartColumn, hand } from '../icons.ts';
import { icon } from '../theme.ts';
import type { Translate } from './message-menu.ts';

type PollModule = typeof import('./poll-card.ts');

export interface PollToolsOptions {
  load(): Promise<PollModule | null>;
  /** Runs a write of the chat's: a refusal shows under the composer and goes to the host as `room-error`. */
  act(run: (client: RoomClient) => Promise<RoomMessage>): void;
}

/**
 * The chat's polls and raised hands: the hand button and the "create a poll" button (both here, in the chat's file),
 * and what loads on demand (./poll-card.ts) the first time a poll is shown, the form opens, or an admin has hands to
 * lower: the poll cards, the form, the list of raised hands. Until it has loaded a poll shows as its question.
 */
export class PollTools implements ReactiveController {
  module: PollModule | null = null;
  #loading = false;
  /** The form is open, with this many answer fields. */
  #form = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly i18n: LocaleController,
    /** Words for the on-demand module. */
    private readonly t: Translate,
    private readonly options: PollToolsOptions,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#form = 0;
  }

  /** The module, once loaded; asks for it the first time it is needed. */
  #need(): PollModule | null {
    if (!this.module && !this.#loading) {
      this.#loading = true;
      void this.options.load().then((module) => {
        this.module = module;
        this.host.requestUpdate();
      });
    }
    return this.module;
  }

  /** The card of poll message `m`. */
  card(m: RoomMessage, s: RoomState | null | undefined): TemplateResult {
    const module = this.#need();
    if (!module || !m.poll) return html`<p part="poll" class="text" dir="auto">${m.text}</p>`;
    const self = s?.self;
    return module.renderPoll({
      t: this.t,
      locale: this.i18n.locale,
      id: m.id,
      poll: m.poll,
      canClose: !!self && (self.isAdmin || m.from?.userId === self.userId),
      vote: (ids) => this.options.act((c) => c.vote(m.id, ids)),
      close: () => this.options.act((c) => c.closePoll(m.id)),
    });
  }

  async #openForm(): Promise<void> {
    this.#form = this.#form ? 0 : 2;
    this.host.requestUpdate();
    const module = this.#need() ?? (await this.options.load());
    await this.host.updateComplete;
    if (this.#form) module?.focusForm(this.host.shadowRoot!);
  }

  /**
   * Above the composer: the hand button, the poll button (admins, or anyone where the room allows it), the poll form
   * while open, and for admins the raised hands.
   */
  render(s: RoomState | null | undefined, reason: string) {
    const self = s?.self;
    if (!self || !s.room) return nothing;
    const t = this.i18n;
    const raised = s.hands.some((h) => h.userId === self.userId);
    const canPoll = !reason && (self.isAdmin || !!s.room.features.pollsByAnyone);
    const module = (this.#form || (self.isAdmin && s.hands.length > 0)) && this.#need();
    return html`<div class="chat-tools">
        <button part="hand-button" type="button" aria-pressed=${raised ? 'true' : 'false'}
          @click=${() => this.options.act((c) => (raised ? c.lowerHand() : c.raiseHand()))}>${icon(hand)}${t.t(raised ? 'chat.lowerHand' : 'chat.raiseHand')}</button>
        ${canPoll ? html`<button part="poll-button" type="button" aria-expanded=${this.#form ? 'true' : 'false'} @click=${() => this.#openForm()}>${icon(chartColumn)}${t.t('chat.newPoll')}</button>` : nothing}
      </div>
      ${
        module && this.#form
          ? module.renderPollForm({
              t: this.t,
              fields: this.#form,
              addField: () => (this.#form++, this.host.requestUpdate()),
              create: (poll) => {
                this.#form = 0;
                this.host.requestUpdate();
                this.options.act((c) => c.createPoll(poll));
              },
              cancel: () => {
                this.#form = 0;
                this.host.requestUpdate();
                void this.host.updateComplete.then(() =>
                  this.host.shadowRoot!.querySelector<HTMLElement>('[part="poll-button"]')?.focus(),
                );
              },
            })
          : nothing
      }
      ${
        module && self.isAdmin && s.hands.length > 0
          ? module.renderHands({
              t: this.t,
              hands: s.hands,
              lower: (userId) => this.options.act((c) => c.lowerHand(userId)),
            })
          : nothing
      }`;
  }
}
