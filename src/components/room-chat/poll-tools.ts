import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { RoomClient } from '../../core/client.ts';
import type { RoomMessage } from '../../core/public-types.ts';
import type { RoomState } from '../../core/store/state.ts';
import type { Translate } from './message-menu.ts';

export type PollModule = typeof import('./poll-card.ts');
type HandsModule = typeof import('./hand-tools.ts');

/** What the poll and hand modules read from the chat and call back. */
export interface PollContext {
  host: ReactiveControllerHost & HTMLElement;
  t: Translate;
  locale(): string;
  /** Runs a write of the chat's: a refusal shows under the composer and goes to the host as `room-error`. */
  act(run: (client: RoomClient) => Promise<RoomMessage>): void;
  /** The poll module once loaded (undefined until then: `loadPolls` loads it). */
  polls(): PollModule | undefined;
  /** The poll module once it has loaded (null when it could not). */
  loadPolls(): Promise<PollModule | null>;
}

/**
 * Polls and raised hands in the chat, both loaded on demand: the hand and poll buttons (and for admins the raised
 * hands) once the chat has joined (./hand-tools.ts); the poll cards and the form the first time a poll shows or the
 * form opens (./poll-card.ts). Until then a poll shows as its question.
 */
export class PollTools {
  readonly #loading = new Map<string, Promise<unknown>>();
  readonly #loaded = new Map<string, unknown>();
  readonly context: PollContext;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    context: Omit<PollContext, 'host' | 'polls' | 'loadPolls'>,
    /** Loads a part, reporting a failure as `room-error` (`feature_unavailable`): null then. */
    private readonly load: <T>(part: Promise<T>, what: string) => Promise<T | null>,
  ) {
    const polls = () => this.#load('polls', () => import('./poll-card.ts'));
    this.context = { ...context, host, loadPolls: polls, polls: () => this.#loaded.get('polls') as PollModule };
  }

  /** A part's module, asked for the first time it is needed (null when it could not load). */
  #load<T>(name: string, module: () => Promise<T>): Promise<T | null> {
    let loading = this.#loading.get(name) as Promise<T | null> | undefined;
    if (!loading) {
      loading = this.load(module(), `the ${name}`).then((m) => {
        this.#loaded.set(name, m ?? undefined);
        this.context.host.requestUpdate();
        return m;
      });
      this.#loading.set(name, loading);
    }
    return loading;
  }

  /** The card of poll message `m`. */
  card(m: RoomMessage, s: RoomState | null | undefined) {
    void this.context.loadPolls();
    const polls = this.context.polls();
    return polls && s
      ? polls.renderPoll(this.context, m, s)
      : html`<p part="poll" class="text" dir="auto">${m.text}</p>`;
  }

  /** Above the composer, once joined: the hand button, the poll button and form, for admins the raised hands. */
  render(s: RoomState | null | undefined, reason: string) {
    if (!s?.self) return nothing;
    void this.#load('hands', () => import('./hand-tools.ts'));
    const tools = this.#loaded.get('hands') as HandsModule | undefined;
    return tools ? tools.renderTools(this.context, s, reason) : nothing;
  }
}
