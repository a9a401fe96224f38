import type { PropertyDeclarations } from 'lit';
import { RoomElement } from '../room-element.ts';

/** `<room-chat>`'s attributes and properties, with their defaults: what a host sets. */
export class ChatOptions extends RoomElement {
  static override properties: PropertyDeclarations = {
    maxMessages: { type: Number, attribute: 'max-messages' },
    avatarFor: { attribute: false },
    markdown: {},
    emoji: {},
    typingLimit: { type: Number, attribute: 'typing-limit' },
  };

  /** Messages kept in the list; older ones are dropped from view. */
  maxMessages = 500;
  /** A picture URL for a sender (join tokens carry none); without one, or with none returned, their initials show. */
  avatarFor?: (from: { userId: string; name: string }) => string | undefined;
  /** `off`: messages show as typed; else `*bold*`, `_italic_`, `~strike~`, `` `code` ``, ``` blocks and `>` quotes are formatted. */
  markdown: 'on' | 'off' = 'on';
  /** `off`: no emoji picker (neither the composer's button nor "More reactions…"). */
  emoji: 'on' | 'off' = 'on';
  /** Who is typing is neither shown nor sent in rooms with more participants than this. */
  typingLimit = 50;
}
