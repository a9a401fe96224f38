import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { RoomMessage } from '../../core/public-types.ts';
import type { RoomState } from '../../core/store/state.ts';
import type { PollContext } from './poll-context.ts';

type PollModule = typeof import('./poll-card.ts');
type HandsModule = typeof import('./hand-tools.ts');
/** Loads a part, reporting a failure as `room-error` (`feature_unavailable`): null then. */
type Load = <T>(part: Promise<T>, what: string) => Promise<T | null>;

/**
 * Polls and raised hands in the chat, both loaded on demand: the hand and poll buttons (and for admins the raised
 * hands) once the chat has joined (./hand-tools.ts); the poll cards and the form the first time a poll shows or the
 * form opens (./poll-card.ts). Until then a poll shows as its question.
 */
export class PollTools {
  readonly context: PollContext;
  #polls?: PollModule | null;
  #polling?: Promise<PollModule | null>;
  /** False while loading. */
  #hands?: HandsModule | null | false;

  constructor(
    readonly host: ReactiveControllerHost & HTMLElement,
    context: Pick<PollContext, 't' | 'locale' | 'act'>,
    private readonly load: Load,
  ) {
    const loadPolls = () =>
      (this.#polling ??= load(import('./poll-card.ts'), 'the polls').then((m) => {
        this.#polls = m;
        host.requestUpdate();
        return m;
      }));
    this.context = { ...context, host, loadPolls, polls: () => this.#polls ?? undefined };
  }

  /** The card of poll message `m`. */
  card(m: RoomMessage, s: RoomState | null | undefined) {
    void this.context.loadPolls();
    const polls = this.#polls;
    return polls && s
      ? polls.renderPoll(this.context, m, s)
      : html`<p part="poll" class="text" dir="auto">${m.text}</p>`;
  }

  /** Above the composer, once joined: the hand button, the poll button and form, for admins the raised hands. */
  render(s: RoomState | null | undefined, reason: string) {
    if (!s?.self) return nothing;
    if (this.#hands === undefined) {
      this.#hands = false;
      void this.load(import('./hand-tools.ts'), 'the hand buttons').then((m) => {
        this.#hands = m;
        this.host.requestUpdate();
      });
    }
    return this.#hands ? this.#hands.renderTools(this.context, s, reason) : nothing;
  }
}
