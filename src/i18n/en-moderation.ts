/**
 * Issue 29's English strings for `<room-chat>`'s moderation UI (edit, pins, the admins' chat menu): in the message
 * menu's file, loaded on demand with it, which adds them when it loads.
 */
export const enModeration = {
  /** The admins' chat menu button. */
  'chat.moderation': 'Moderate the chat',
  'chat.edit': 'Edit',
  /** Above the composer while editing a message of yours. */
  'chat.editing': 'Editing your message',
  'chat.cancelEdit': 'Cancel editing',
  'chat.pin': 'Pin',
  'chat.unpin': 'Unpin',
  /** The pinned bar's label. */
  'chat.pinned': 'Pinned messages',
  /** A muted user is named: only their chat is refused. */
  'chat.mute': 'Mute {name}',
  'chat.unmute': 'Unmute {name}',
  'chat.lock': 'Lock the chat',
  'chat.unlock': 'Unlock the chat',
  'chat.slowOff': 'Slow mode off',
  /** An item of the admins' chat menu: one message per {seconds} seconds. */
  'chat.slowEvery': 'Slow mode: {seconds} s',
  'chat.clear': 'Clear the chat',
  /** The composer while your chat is muted. */
  'chat.disabled.muted': 'The moderator has muted your chat.',
  /** The composer's hint while slow mode is on. */
  'chat.slowMode': 'Slow mode: one message every {seconds} s',
  /** The composer's countdown after a message of yours in slow mode. */
  'chat.slowWait': 'Slow mode: you can send again in {seconds} s',
};
