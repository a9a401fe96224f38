import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { NewPoll } from '../../core/client.ts';
import type { Poll, RaisedHand } from '../../core/public-types.ts';
import { enPolls } from '../../i18n/en-polls.ts';
import { addEnglish } from '../../i18n/registry.ts';
import { x } from '../icons.ts';
import { icon } from '../theme.ts';
import type { Translate } from './message-menu.ts';

/*
 * Polls and raised hands in the chat, loaded on demand (the chat reaches this only through `import()`), the first time
 * a poll is shown, the poll form opens or an admin has hands to lower: the poll card, the form, the admins' list of
 * raised hands. Template functions only: the chat keeps the state and hands over labels and callbacks.
 */

addEnglish(enPolls);

export const OPTIONS_MIN = 2;
export const OPTIONS_MAX = 10;

export interface PollCardHost {
  t: Translate;
  locale: string;
  /** The `poll` message's id. */
  id: string;
  poll: Poll;
  /** Its creator or an admin. */
  canClose: boolean;
  /** Your whole new choice (option ids): it replaces your vote. */
  vote(optionIds: string[]): void;
  close(): void;
}

export interface PollFormHost {
  t: Translate;
  /** Option fields shown (OPTIONS_MIN .. OPTIONS_MAX). */
  fields: number;
  addField(): void;
  create(poll: NewPoll): void;
  cancel(): void;
}

export interface HandsHost {
  t: Translate;
  hands: RaisedHand[];
  lower(userId: string): void;
}

const styles = html`<style>
  .poll {
    margin-top: 4px;
    padding: 8px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    max-width: 28em;
  }
  .poll-question {
    margin: 0 0 2px;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .poll-meta {
    margin: 0 0 6px;
    font-size: 0.85em;
    color: var(--_muted);
  }
  .poll-options {
    display: grid;
    gap: 4px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  [part~='poll-option'] {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    width: 100%;
    min-height: 2.25em;
    padding: 4px 8px;
    font: inherit;
    text-align: start;
    color: inherit;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: linear-gradient(
      to var(--_end, right),
      color-mix(in srgb, var(--_accent) 22%, transparent) var(--_pct),
      transparent var(--_pct)
    );
    cursor: pointer;
  }
  :host(:dir(rtl)) [part~='poll-option'] {
    --_end: left;
  }
  [part~='poll-option'][aria-pressed='true'] {
    border-color: var(--_accent);
    font-weight: 600;
  }
  [part~='poll-option']:focus-visible,
  .poll-form :focus-visible,
  .hands button:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 1px;
  }
  [part~='poll-option']:disabled {
    cursor: default;
  }
  [part~='poll-result'] {
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }
  .poll-text {
    overflow-wrap: anywhere;
  }
  .poll-form,
  .hands {
    grid-column: 1 / -1;
    display: grid;
    gap: 6px;
    padding: 8px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .poll-form input[type='text'] {
    font: inherit;
    padding: 4px 6px;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: 4px;
  }
  .poll-form .row {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .poll-form button,
  .poll-close,
  .hands button {
    font: inherit;
    padding: 4px 10px;
    color: inherit;
    background: none;
    border: 1px solid var(--_border);
    border-radius: 6px;
    cursor: pointer;
  }
  .poll-form [type='submit'] {
    background: var(--_accent);
    color: var(--_accent-fg, #fff);
    border-color: var(--_accent);
  }
  .poll-close {
    margin-top: 6px;
  }
  .hands ol {
    margin: 0;
    padding: 0;
    list-style: none;
    display: grid;
    gap: 4px;
  }
  .hands li {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 6px;
  }
  .hands h2 {
    margin: 0;
    font-size: 0.9em;
  }
</style>`;

/** Share of the voters who chose an option, the locale's way (`50 %`, `50%`). */
function percent(locale: string, count: number, voters: number): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    voters ? count / voters : 0,
  );
}

/** The poll's card: each option a toggle button with its count and share; the creator's or an admin's close button. */
export function renderPoll(h: PollCardHost) {
  const { t, poll } = h;
  const mine = poll.mine ?? [];
  const choose = (id: string) => {
    const on = mine.includes(id);
    h.vote(poll.multiple ? (on ? mine.filter((o) => o !== id) : [...mine, id]) : on ? [] : [id]);
  };
  const meta = [
    t(poll.multiple ? 'chat.poll.multiple' : 'chat.poll.single'),
    poll.anonymous ? t('chat.poll.anonymous') : '',
    t('chat.poll.voters', { count: String(poll.voters) }),
    poll.closed ? t('chat.poll.closed') : '',
  ].filter(Boolean);
  const questionId = `poll-q-${h.id}`;
  return html`${styles}<div part="poll" class="poll" role="group" aria-labelledby=${questionId}>
    <p class="poll-question" id=${questionId} dir="auto">${poll.question}</p>
    <p class="poll-meta">${meta.join(' · ')}</p>
    <ul class="poll-options">
      ${repeat(
        poll.options,
        (o) => o.id,
        (o) => {
          const share = percent(h.locale, o.count, poll.voters);
          const votes = t('chat.poll.votes', { count: String(o.count) });
          const names = o.voters?.map((v) => v.name).join(', ');
          return html`<li>
            <button part="poll-option" type="button" aria-pressed=${mine.includes(o.id) ? 'true' : 'false'} ?disabled=${poll.closed}
              title=${names ? t('chat.poll.votedBy', { names }) : nothing} .style=${`--_pct:${poll.voters ? (o.count / poll.voters) * 100 : 0}%`}
              @click=${() => choose(o.id)}>
              <span class="poll-text" dir="auto">${o.text}</span>
              <span part="poll-result" aria-label=${`${votes}, ${share}`}>${o.count} · ${share}</span>
            </button>
          </li>`;
        },
      )}
    </ul>
    ${
      h.canClose && !poll.closed
        ? html`<button part="poll-close" class="poll-close" type="button" @click=${h.close}>${t('chat.poll.close')}</button>`
        : nothing
    }
  </div>`;
}

/** The form a poll is created with: a question, 2 to 10 answers, one or several choices, anonymous or not. */
export function renderPollForm(h: PollFormHost) {
  const { t } = h;
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const options = data
      .getAll('option')
      .map((o) => String(o).trim())
      .filter(Boolean);
    h.create({
      question: String(data.get('question') ?? '').trim(),
      options,
      multiple: data.get('multiple') === 'on',
      anonymous: data.get('anonymous') === 'on',
    });
  };
  const onKeydown = (e: KeyboardEvent) => e.key === 'Escape' && (e.stopPropagation(), h.cancel());
  return html`${styles}<form part="poll-form" class="poll-form" aria-label=${t('chat.poll.form')} @submit=${submit} @keydown=${onKeydown}>
    <label>${t('chat.poll.question')} <input type="text" name="question" required maxlength="500" autocomplete="off" /></label>
    ${Array.from(
      { length: h.fields },
      (_, i) =>
        html`<label>${t('chat.poll.option', { number: String(i + 1) })} <input type="text" name="option" ?required=${i < OPTIONS_MIN} maxlength="200" autocomplete="off" /></label>`,
    )}
    <div class="row">
      ${h.fields < OPTIONS_MAX ? html`<button type="button" @click=${h.addField}>${t('chat.poll.addOption')}</button>` : nothing}
    </div>
    <label><input type="checkbox" name="multiple" /> ${t('chat.poll.allowMultiple')}</label>
    <label><input type="checkbox" name="anonymous" /> ${t('chat.poll.makeAnonymous')}</label>
    <div class="row">
      <button part="poll-create" type="submit">${t('chat.poll.create')}</button>
      <button type="button" @click=${h.cancel}>${t('chat.poll.cancel')}</button>
    </div>
  </form>`;
}

/** Focuses the form's first field once it is shown. */
export function focusForm(root: ParentNode): void {
  root.querySelector<HTMLInputElement>('[part="poll-form"] input')?.focus();
}

/** The raised hands, oldest first, each with a button that lowers it (admins). */
export function renderHands({ t, hands, lower }: HandsHost) {
  return html`${styles}<section part="hands" class="hands" aria-labelledby="hands-title">
    <h2 id="hands-title">${t('chat.hands')}</h2>
    <ol>
      ${hands.map(
        (h) =>
          html`<li><span dir="auto">${h.name}</span><button part="hand-lower" type="button" aria-label=${t('chat.lowerHandOf', { name: h.name })} @click=${() => lower(h.userId)}>${icon(x)}</button></li>`,
      )}
    </ol>
  </section>`;
}
