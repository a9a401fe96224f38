import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { RoomMessage } from '../../core/public-types.ts';
import type { RoomState } from '../../core/store/state.ts';
import { enPolls } from '../../i18n/en-polls.ts';
import { addEnglish } from '../../i18n/registry.ts';
import type { PollContext } from './poll-context.ts';

/*
 * Polls in the chat, loaded on demand (the chat reaches this only through `import()`) the first time a poll is shown or
 * the poll form opens: the poll card and the form. Template functions; the form's one piece of state (how many answer
 * fields it shows) is kept per chat.
 */

addEnglish(enPolls);

export const OPTIONS_MIN = 2;
export const OPTIONS_MAX = 10;

/** The form's state, per chat: how many answer fields it shows (0: closed). */
const forms = new WeakMap<HTMLElement, number>();

export function formFields(host: HTMLElement): number {
  return forms.get(host) ?? 0;
}

/** Opens the form with two answer fields (closes it when open), focusing its question once shown. */
export async function toggleForm(ctx: PollContext): Promise<void> {
  const { host } = ctx;
  forms.set(host, formFields(host) ? 0 : OPTIONS_MIN);
  host.requestUpdate();
  await host.updateComplete;
  host.shadowRoot!.querySelector<HTMLInputElement>('[part="poll-form"] input')?.focus();
}

function closeForm(ctx: PollContext, refocus: boolean): void {
  forms.set(ctx.host, 0);
  ctx.host.requestUpdate();
  if (refocus)
    void ctx.host.updateComplete.then(() =>
      ctx.host.shadowRoot!.querySelector<HTMLElement>('[part="poll-button"]')?.focus(),
    );
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
  .poll-form :focus-visible {
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
  .poll-form {
    grid-template-columns: 1fr;
    gap: 6px;
    margin: 0 var(--_pad);
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
  .poll-close {
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
</style>`;

/** Share of the voters who chose an option, the locale's way (`50 %`, `50%`). */
function percent(locale: string, count: number, voters: number): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    voters ? count / voters : 0,
  );
}

/** The poll's card: each option a toggle button with its count and share; the creator's or an admin's close button. */
export function renderPoll(ctx: PollContext, m: RoomMessage, s: RoomState) {
  const { t } = ctx;
  const poll = m.poll!;
  const self = s.self;
  const canClose = !!self && (self.isAdmin || m.from?.userId === self.userId);
  const mine = poll.mine ?? [];
  const choose = (id: string) => {
    const on = mine.includes(id);
    const choice = poll.multiple ? (on ? mine.filter((o) => o !== id) : [...mine, id]) : on ? [] : [id];
    ctx.act((c) => c.vote(m.id, choice));
  };
  const meta = [
    t(poll.multiple ? 'chat.poll.multiple' : 'chat.poll.single'),
    poll.anonymous ? t('chat.poll.anonymous') : '',
    t('chat.poll.voters', { count: String(poll.voters) }),
    poll.closed ? t('chat.poll.closed') : '',
  ].filter(Boolean);
  const questionId = `poll-q-${m.id}`;
  return html`${styles}<div part="poll" class="poll" role="group" aria-labelledby=${questionId}>
    <p class="poll-question" id=${questionId} dir="auto">${poll.question}</p>
    <p class="poll-meta">${meta.join(' · ')}</p>
    <ul class="poll-options">
      ${repeat(
        poll.options,
        (o) => o.id,
        (o) => {
          const share = percent(ctx.locale(), o.count, poll.voters);
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
      canClose && !poll.closed
        ? html`<button part="poll-close" class="poll-close" type="button" @click=${() => ctx.act((c) => c.closePoll(m.id))}>${t('chat.poll.close')}</button>`
        : nothing
    }
  </div>`;
}

/** The form a poll is created with (while open): a question, 2 to 10 answers, one or several choices, anonymous or not. */
export function renderPollForm(ctx: PollContext) {
  const { t, host } = ctx;
  const fields = formFields(host);
  if (!fields) return nothing;
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const options = data
      .getAll('option')
      .map((o) => String(o).trim())
      .filter(Boolean);
    const poll = {
      question: String(data.get('question') ?? '').trim(),
      options,
      multiple: data.get('multiple') === 'on',
      anonymous: data.get('anonymous') === 'on',
    };
    closeForm(ctx, false);
    ctx.act((c) => c.createPoll(poll));
  };
  const onKeydown = (e: KeyboardEvent) => e.key === 'Escape' && (e.stopPropagation(), closeForm(ctx, true));
  const more = () => (forms.set(host, fields + 1), host.requestUpdate());
  return html`${styles}<form part="poll-form" class="poll-form" aria-label=${t('chat.poll.form')} @submit=${submit} @keydown=${onKeydown}>
    <label>${t('chat.poll.question')} <input type="text" name="question" required maxlength="500" autocomplete="off" /></label>
    ${Array.from(
      { length: fields },
      (_, i) =>
        html`<label>${t('chat.poll.option', { number: String(i + 1) })} <input type="text" name="option" ?required=${i < OPTIONS_MIN} maxlength="200" autocomplete="off" /></label>`,
    )}
    <div class="row">
      ${fields < OPTIONS_MAX ? html`<button type="button" @click=${more}>${t('chat.poll.addOption')}</button>` : nothing}
    </div>
    <label><input type="checkbox" name="multiple" /> ${t('chat.poll.allowMultiple')}</label>
    <label><input type="checkbox" name="anonymous" /> ${t('chat.poll.makeAnonymous')}</label>
    <div class="row">
      <button part="poll-create" type="submit">${t('chat.poll.create')}</button>
      <button type="button" @click=${() => closeForm(ctx, true)}>${t('chat.poll.cancel')}</button>
    </div>
  </form>`;
}
