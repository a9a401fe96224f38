import type { RoomMessage as WireMessage } from './protocol.ts';
import type { RoomMessage } from './public-types.ts';
import type { ChatEntry, News, RoomState } from './store/state.ts';

/** What ./conversation-core.ts provides (declared here so that the modules reading it do not import it). */
export interface ConversationCore {
  parseKind(v: Record<string, unknown>, msg: WireMessage): void;
  fold(
    chat: Map<string, ChatEntry>,
    state: RoomState,
    m: RoomMessage,
    news: News[],
    forget: (id: string) => void,
  ): RoomState;
}

/**
 * The kinds of message whose checks and folds are in the conversation core (./conversation-core.ts), which loads the
 * first time one arrives or is sent: a room where nobody reacts, edits, deletes, moderates, polls or raises a hand
 * never loads it.
 */
export const CORE_KINDS = new Set([
  'reaction',
  'message_deleted',
  'message_edited',
  'moderation',
  'poll',
  'poll_update',
  'hand',
]);

/** The core once loaded (./load-core.ts): the store and parseMessage read it synchronously. */
export const conversation: { core?: ConversationCore } = {};
/** Whether one of these wire messages needs the core, not loaded yet. */
export const needsCore = (messages: unknown[]): boolean =>
  !conversation.core && messages.some((m) => CORE_KINDS.has((m as { kind?: string } | null)?.kind as string));
