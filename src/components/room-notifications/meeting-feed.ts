import type { RoomMessage, HandChange } from '../../core/public-types.ts';
import type { PresenceChange } from '../../core/store/state.ts';
import type { ChatPreviews, MeetingToasts, MeetingToastsHost } from './meeting-toasts.ts';

export interface MeetingFeedOptions {
  previews(): ChatPreviews;
  /** Joins and leaves show. */
  presence(): boolean;
  load(): Promise<typeof import('./meeting-toasts.ts') | null>;
  host: MeetingToastsHost;
}

/**
 * Hands chat messages and joins/leaves to the on-demand module (./meeting-toasts.ts), loading it the first time one
 * could show: a page whose chat is always on screen, with joins turned off, never loads it.
 */
export class MeetingFeed {
  #toasts?: Promise<MeetingToasts | null>;

  constructor(private readonly o: MeetingFeedOptions) {}

  message(m: RoomMessage): void {
    const previews = this.o.previews();
    // Only what is news: a fresh join's history, yours, and what a chat already showed are never unread.
    if (previews !== 'none' && this.o.host.unread(m.id)) void this.#module().then((t) => t?.message(m, previews));
  }

  presence(change: PresenceChange): void {
    if (this.o.presence()) void this.#module().then((t) => t?.presence(change));
  }

  hand(change: HandChange): void {
    if (this.o.presence()) void this.#module().then((t) => t?.hand(change));
  }

  #module(): Promise<MeetingToasts | null> {
    return (this.#toasts ??= this.o.load().then((mod) => mod && new mod.MeetingToasts(this.o.host)));
  }
}
