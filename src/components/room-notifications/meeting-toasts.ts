import type { Participant, RoomMessage, HandChange } from '../../core/public-types.ts';
import type { PresenceChange } from '../../core/store/state.ts';
import type { MessageKey, ParamsArg } from '../../i18n/en.ts';
import { enMeeting } from '../../i18n/en-meeting.ts';
import { addEnglish } from '../../i18n/registry.ts';

export { digestWords, renderDigest, type DigestKind } from './digest-view.ts';

// Its English strings come with it: pages that never show a preview never load them.
addEnglish(enMeeting);

/*
 * Chat previews and joins/leaves as toasts, loaded the first time either has something to show (most pages with a
 * visible chat never need it): dist/room-widgets-meeting.js. It decides what to say and when; the element shows it.
 */

/** `all` chat messages, `direct` (private messages and mentions of this user) or `none`. */
export type ChatPreviews = 'all' | 'direct' | 'none';

/** One toast this module asks for: a new one, or (same id) an update of one still shown. */
export interface MeetingToast {
  id: string;
  category: 'chat' | 'presence';
  title: string;
  text: string;
  /** A new toast (not an update) whose sound and OS notification may go out. */
  fresh: boolean;
  /** Chat previews: the latest message, for `room-open-chat`. */
  messageId?: string;
  /** Chat previews of private messages or mentions only. */
  direct?: boolean;
}

export interface MeetingToastsHost {
  t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string;
  /** "Alice, Bob and Carol" in the element's locale. */
  list(names: string[], type: 'conjunction' | 'unit'): string;
  self(): string | undefined;
  /** The message is listed and no visible chat has shown it yet. */
  unread(id: string): boolean;
  /** The toast is still in the stack. */
  shown(id: string): boolean;
  show(toast: MeetingToast): void;
}

/** Messages or joins within this many ms of the last go into one toast while it is shown. */
export const BATCH_MS = 2500;
/** A chat on screen marks a message read within a frame or two of it arriving; a preview waits that long. */
const SEEN_WITHIN_MS = 250;
/** Names spelled out before "and N others". */
const NAMED = 2;
const SNIPPET = 140;

interface Batch<T> {
  id: string;
  items: T[];
  until: number;
}

let batches = 0;

/** `batch` while its toast is shown and the last item came within `BATCH_MS`, else a new one. */
function extend<T>(host: MeetingToastsHost, batch: Batch<T> | null, prefix: string): [Batch<T>, boolean] {
  const now = Date.now();
  if (batch && now <= batch.until && host.shown(batch.id)) {
    batch.until = now + BATCH_MS;
    return [batch, false];
  }
  return [{ id: `${prefix}-${++batches}`, items: [], until: now + BATCH_MS }, true];
}

export class MeetingToasts {
  #room: Batch<RoomMessage> | null = null;
  #direct: Batch<RoomMessage> | null = null;
  #presence: Batch<never> | null = null;
  #hands: Batch<string> | null = null;
  readonly #joined = new Map<string, Participant>();
  readonly #left = new Map<string, Participant>();

  constructor(private readonly host: MeetingToastsHost) {}

  /** A message arrived: a chat or file message from someone else that no visible chat shows becomes a preview. */
  message(m: RoomMessage, previews: ChatPreviews): void {
    const self = this.host.self();
    if ((m.kind !== 'chat' && m.kind !== 'file') || !m.from || m.from.userId === self || m.deleted) return;
    const direct = m.private || (!!self && !!m.mentions?.includes(self));
    if (previews === 'none' || (previews === 'direct' && !direct)) return;
    setTimeout(() => this.host.unread(m.id) && this.#preview(m, direct), SEEN_WITHIN_MS);
  }

  #preview(m: RoomMessage, direct: boolean): void {
    const [batch, fresh] = extend(this.host, direct ? this.#direct : this.#room, direct ? 'direct' : 'chat');
    if (direct) this.#direct = batch;
    else this.#room = batch;
    batch.items.push(m);
    const t = this.host;
    const name = (x: RoomMessage) => x.from!.name;
    const snippet = (x: RoomMessage) => (x.text.length > SNIPPET ? `${x.text.slice(0, SNIPPET - 1)}…` : x.text);
    const count = batch.items.length;
    const title =
      count > 1
        ? t.t(direct ? 'notifications.newDirect' : 'notifications.newMessages', {
            count,
            names: this.#names(batch.items.map(name)),
          })
        : direct
          ? t.t(m.private ? 'notifications.privateFrom' : 'notifications.mentionFrom', { name: name(m) })
          : t.t('notifications.chatFrom', { name: name(m) });
    const text = count > 1 ? `${name(m)}: ${snippet(m)}` : snippet(m);
    t.show({ id: batch.id, category: 'chat', title, text, fresh, messageId: m.id, direct });
  }

  /** Participants came or went: one toast per burst, "Alice and 4 others joined". */
  presence({ joined, left }: PresenceChange): void {
    const [batch, fresh] = extend(this.host, this.#presence, 'presence');
    if (fresh) {
      this.#joined.clear();
      this.#left.clear();
    }
    this.#presence = batch;
    // Someone who left and came back within the burst (a reload) is neither.
    for (const p of joined) if (!this.#left.delete(p.userId)) this.#joined.set(p.userId, p);
    for (const p of left) if (!this.#joined.delete(p.userId)) this.#left.set(p.userId, p);
    const lines = [
      this.#joined.size ? this.host.t('notifications.joined', { names: this.#names(this.#who(this.#joined)) }) : '',
      this.#left.size ? this.host.t('notifications.left', { names: this.#names(this.#who(this.#left)) }) : '',
    ].filter(Boolean);
    if (lines.length === 0) return;
    this.host.show({
      id: batch.id,
      category: 'presence',
      title: this.host.t('notifications.presence'),
      text: lines.join('\n'),
      fresh,
    });
  }

  /** A hand went up: one toast per burst, "Alice and Bob raised a hand" (admins only: the element decides). */
  hand({ name }: HandChange): void {
    const [batch, fresh] = extend(this.host, this.#hands, 'hands');
    this.#hands = batch;
    batch.items.push(name);
    this.host.show({
      id: batch.id,
      category: 'presence',
      title: this.host.t('notifications.presence'),
      text: this.host.t('notifications.handRaised', { names: this.#names(batch.items) }),
      fresh,
    });
  }

  #who(people: Map<string, Participant>): string[] {
    return [...people.values()].map((p) => p.name);
  }

  /** Distinct names in order: "Alice", "Alice and Bob", "Alice, Bob and 3 others". */
  #names(all: string[]): string {
    const names = [...new Set(all)];
    if (names.length <= NAMED + 1) return this.host.list(names, 'conjunction');
    return this.host.t('notifications.others', {
      names: this.host.list(names.slice(0, NAMED), 'unit'),
      count: names.length - NAMED,
    });
  }
}
