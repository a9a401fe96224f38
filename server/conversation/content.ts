import type { Participant, Reaction, Reactor, RoomMessage, Self, Sender } from '../../src/core/protocol.ts';

/** Kinds a user may reply to, react to and delete: what people say, not system toasts or app events. */
export const CONVERSATION_KINDS: ReadonlySet<RoomMessage['kind']> = new Set(['chat', 'file']);
export const EMOJI_MAX_CODE_POINTS = 16;
export const REACTION_KINDS_MAX = 20;
/** Kinds one user may add to one message, so that no one user can use up REACTION_KINDS_MAX. */
export const REACTION_KINDS_PER_USER = 4;
/** Toggles (on or off) one user may make on one message per REACTION_TOGGLE_WINDOW_MS. */
export const REACTION_TOGGLES_PER_MESSAGE = 10;
export const REACTION_TOGGLE_WINDOW_MS = 60_000;

/** A message's sender as the server sets it: never what a client claims. */
export const senderOf = (p: Pick<Self, 'user_id' | 'name' | 'role'>): Sender => ({
  user_id: p.user_id,
  name: p.name,
  role: p.role,
});

/**
 * Exactly one emoji as Unicode recommends it for general interchange (an RGI emoji: a single emoji, a ZWJ sequence,
 * a flag, a keycap, a skin tone): `\p{RGI_Emoji}` is a property of strings, so it needs the `v` flag (Node 20).
 * Built at run time: the TypeScript target (ES2022) does not know the flag.
 */
const ONE_RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

/**
 * One emoji, possibly a ZWJ sequence, a flag or a keycap, and nothing else: no text beside it (`👍ClickHere`,
 * `⚠️VIRUS-FOUND`), no bare text-presentation symbol (`©`), nothing that renders as space or steers text.
 */
export function emojiProblem(emoji: unknown): string | null {
  if (typeof emoji !== 'string' || emoji === '') return 'emoji must be a non-empty string';
  if ([...emoji].length > EMOJI_MAX_CODE_POINTS) return `emoji is limited to ${EMOJI_MAX_CODE_POINTS} code points`;
  if (/[\p{White_Space}\p{Cc}\p{Cs}\p{Co}\p{Cn}]|(?!\u200d)\p{Cf}/u.test(emoji))
    return 'emoji must not contain whitespace or control characters';
  if (!ONE_RGI_EMOJI.test(emoji)) return 'emoji must be exactly one emoji, with no text';
  return null;
}

/** One user's reaction as the stores keep it. */
export interface ReactionEntry extends Reactor {
  emoji: string;
  ts: number;
}

/** Emoji in the order they were first chosen, users earliest first; counts are distinct users by construction. */
export function foldReactions(entries: Iterable<ReactionEntry>): Reaction[] {
  const byEmoji = new Map<string, ReactionEntry[]>();
  for (const e of [...entries].sort((a, b) => a.ts - b.ts)) {
    const list = byEmoji.get(e.emoji) ?? [];
    if (!list.some((u) => u.user_id === e.user_id)) list.push(e);
    byEmoji.set(e.emoji, list);
  }
  return [...byEmoji].map(([emoji, list]) => ({
    emoji,
    count: list.length,
    users: list.map(({ user_id, name }) => ({ user_id, name })),
  }));
}

export function withReactions(m: RoomMessage, reactions: Reaction[]): RoomMessage {
  return reactions.length > 0 ? { ...m, reactions } : m;
}

/** Field of one user's reaction in a message's reaction map; emoji never hold a newline. */
export const reactionField = (emoji: string, userId: string) => `${emoji}\n${userId}`;

const wordChar = /[\p{L}\p{N}_]/u;

/**
 * user_ids of the participants the text mentions as `@user_id` or `@name` (case-insensitive), where the mention is
 * not part of a longer word (`@bobby` does not mention `bob`, `mail@bob` mentions no one).
 */
export function mentionsIn(text: string, participants: readonly Participant[]): string[] {
  if (!text.includes('@')) return [];
  const lower = text.toLowerCase();
  const mentioned = (handle: string) => {
    const needle = `@${handle.toLowerCase()}`;
    for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
      const before = at > 0 ? lower[at - 1]! : '';
      const after = lower.slice(at + needle.length, at + needle.length + 2);
      if (!wordChar.test(before) && !(after !== '' && wordChar.test([...after][0]!))) return true;
    }
    return false;
  };
  return participants
    .filter((p) => mentioned(p.user_id) || (p.name.trim() !== '' && mentioned(p.name)))
    .map((p) => p.user_id);
}
