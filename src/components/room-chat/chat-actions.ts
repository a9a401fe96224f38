import { RoomRefusal, type RoomClient } from '../../core/client.ts';
import type { ErrorPayload, RoomMessage } from '../../core/public-types.ts';
import { RoomElement } from '../room-element.ts';

/**
 * `<room-chat>`'s actions on the room that the headless client makes (src/core/client.ts): each resolves with the
 * message the server published, or rejects with the refusal, which the chat also shows and sends as `room-error`.
 * Issue 29's edit and moderation methods live here, beside the element (room-chat.ts), which words the refusals.
 */
export abstract class ChatActions extends RoomElement {
  /** Shows a refusal under the composer and tells the host (`room-error`). */
  protected abstract report(error: ErrorPayload): void;

  protected async act(run: (client: RoomClient) => Promise<RoomMessage>): Promise<RoomMessage> {
    try {
      if (!this.client) throw new RoomRefusal('room_not_active', 'not connected');
      return await run(this.client);
    } catch (error) {
      this.report(error as RoomRefusal);
      throw error;
    }
  }

  /** Changes the text of your own message `messageId` for everyone (it shows as edited). Resolves with the `message_edited` message, rejects with the refusal (`not_allowed` for anyone else's). */
  editMessage(messageId: string, text: string): Promise<RoomMessage> {
    return this.act((c) => c.editMessage(messageId, text));
  }

  /** Admins: pins message `messageId` in the bar at the top of every chat of the room. Others are refused with `not_allowed`. */
  pinMessage(messageId: string): Promise<RoomMessage> {
    return this.act((c) => c.pinMessage(messageId));
  }

  /** Admins: unpins message `messageId`. */
  unpinMessage(messageId: string): Promise<RoomMessage> {
    return this.act((c) => c.unpinMessage(messageId));
  }

  /** Admins: locks the chat for everyone but admins (their sends are refused with `chat_locked`), or unlocks it. */
  lockChat(locked: boolean): Promise<RoomMessage> {
    return this.act((c) => c.lockChat(locked));
  }

  /** Admins: mutes one participant's chat (refused with `participant_muted`), or lets them write again. */
  muteParticipant(userId: string, muted: boolean): Promise<RoomMessage> {
    return this.act((c) => c.muteParticipant(userId, muted));
  }

  /** Admins: every message becomes a tombstone, for everyone, and one line says the chat was cleared. */
  clearChat(): Promise<RoomMessage> {
    return this.act((c) => c.clearChat());
  }

  /** Admins: non-admins may send one message per `seconds` (refused with `slow_mode`; the composer counts down); 0 turns it off. */
  setSlowMode(seconds: number): Promise<RoomMessage> {
    return this.act((c) => c.setSlowMode(seconds));
  }
}
