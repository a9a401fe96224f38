import { html, nothing } from 'lit';
import type { RoomState } from '../../core/store/state.ts';
import { enHands } from '../../i18n/en-hands.ts';
import { addEnglish } from '../../i18n/registry.ts';
import { chartColumn, hand, x } from '../icons.ts';
import { icon } from '../theme.ts';
import type { PollContext } from './poll-context.ts';

/*
 * Above the chat's composer, loaded on demand once the chat has joined (the chat reaches this only through
 * `import()`): the hand button, the poll button with the poll form (./poll-card.ts, loaded when it opens), and for
 * admins the raised hands, oldest first, each with a button that lowers it.
 */

addEnglish(enHands);

const styles = html`<style>
  .chat-tools {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    padding: 6px var(--_pad) 0;
    border-block-start: 1px solid var(--_border);
  }
  .chat-tools button,
  .hands button {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    min-height: 32px;
    padding: 2px 10px;
    font: inherit;
    font-size: 0.9em;
    color: var(--_fg);
    background: none;
    border: 1px solid var(--_border);
    border-radius: 16px;
    cursor: pointer;
  }
  .chat-tools button:hover,
  .hands button:hover {
    background: var(--_hover);
  }
  .chat-tools button:focus-visible,
  .hands button:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  .chat-tools [aria-pressed='true'] {
    border-color: var(--_accent);
    font-weight: 600;
  }
  .chat-tools svg,
  .hands svg {
    width: 16px;
    height: 16px;
  }
  .hands {
    margin: 6px var(--_pad) 0;
  }
  .hands h2 {
    margin: 0 0 4px;
    font-size: 0.9em;
  }
  .hands ol {
    display: grid;
    gap: 4px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .hands li {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 6px;
  }
</style>`;

/** The buttons, the poll form while open, and for admins the raised hands. */
export function renderTools(ctx: PollContext, s: RoomState, reason: string) {
  const { t } = ctx;
  const self = s.self!;
  const raised = s.hands.some((h) => h.userId === self.userId);
  const canPoll = !reason && (self.isAdmin || !!s.room?.features.pollsByAnyone);
  // The form's module loads with the first press, which opens the form once it is in.
  const open = () => void ctx.loadPolls().then((module) => module?.toggleForm(ctx));
  const polls = ctx.polls();
  const formOpen = !!polls?.formFields(ctx.host);
  return html`${styles}<div class="chat-tools">
      <button part="hand-button" type="button" aria-pressed=${raised ? 'true' : 'false'}
        @click=${() => ctx.act((c) => (raised ? c.lowerHand() : c.raiseHand()))}>${icon(hand)}${t(raised ? 'chat.lowerHand' : 'chat.raiseHand')}</button>
      ${canPoll ? html`<button part="poll-button" type="button" aria-expanded=${formOpen ? 'true' : 'false'} @click=${open}>${icon(chartColumn)}${t('chat.newPoll')}</button>` : nothing}
    </div>
    ${canPoll && polls && formOpen ? polls.renderPollForm(ctx) : nothing}
    ${
      self.isAdmin && s.hands.length > 0
        ? html`<section part="hands" class="hands" aria-labelledby="hands-title">
            <h2 id="hands-title">${t('chat.hands')}</h2>
            <ol>
              ${s.hands.map(
                (h) =>
                  html`<li><span dir="auto">${h.name}</span><button part="hand-lower" type="button" aria-label=${t('chat.lowerHandOf', { name: h.name })} @click=${() => ctx.act((c) => c.lowerHand(h.userId))}>${icon(x)}</button></li>`,
              )}
            </ol>
          </section>`
        : nothing
    }`;
}
