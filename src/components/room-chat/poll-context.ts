import type { ReactiveControllerHost, TemplateResult } from 'lit';
import type { RoomClient } from '../../core/client.ts';
import type { RoomMessage } from '../../core/public-types.ts';
import type { Translate } from './message-menu.ts';

/** What the hand buttons (./hand-tools.ts) use of the poll module (./poll-card.ts): its form. */
export interface PollForm {
  /** Answer fields the chat's form shows; 0: closed. */
  formFields(host: HTMLElement): number;
  toggleForm(ctx: PollContext): Promise<void>;
  renderPollForm(ctx: PollContext): TemplateResult | typeof import('lit').nothing;
}

/** What the poll and hand modules read from the chat and call back (the chat's ./poll-tools.ts builds it). */
export interface PollContext {
  host: ReactiveControllerHost & HTMLElement;
  t: Translate;
  locale(): string;
  /** Runs a write of the chat's: a refusal shows under the composer and goes to the host as `room-error`. */
  act(run: (client: RoomClient) => Promise<RoomMessage>): void;
  /** The poll module once loaded (undefined until then: `loadPolls` loads it). */
  polls(): PollForm | undefined;
  /** The poll module once it has loaded (null when it could not). */
  loadPolls(): Promise<PollForm | null>;
}
