/** `<room-chat>`'s English strings (see en.ts): in the chat's own file, which adds them when it loads. */
export const enChat = {
  // The connection line above the chat.
  'chat.status.connecting': 'Connecting…',
  'chat.status.connected': 'Connected',
  'chat.status.reconnecting': 'Connection lost. Reconnecting…',
  'chat.status.disconnected': 'Disconnected',
  'chat.status.noToken': 'Not connected: no join token was given.',
  'chat.ended': 'The meeting has ended.',

  // Why the composer is disabled.
  'chat.disabled.chatOff': 'Chat is turned off in this meeting.',
  'chat.disabled.locked': 'The moderator has locked the chat.',

  // Messages.
  'chat.log': 'Chat messages',
  /** In place of the messages while there are none. */
  'chat.empty': 'No messages yet',
  'chat.system': 'System',
  'chat.deleted': 'Message deleted',
  /** Beside a message its author changed. */
  'chat.edited': 'edited',
  /** The line where an admin cleared the chat. */
  'chat.cleared': 'The moderator cleared the chat.',
  'chat.you': '{name} (you)',
  'chat.reacted': '{name} reacted',
  'chat.private': 'Private',
  // What a screen reader hears as messages arrive; a burst is one summary: "5 new messages from 3 people".
  'chat.announce': '{name}: {text}',
  'chat.announcePrivate': 'Private message from {name}: {text}',
  'chat.announceMention': '{name} mentioned you: {text}',
  'chat.burst': { one: '{count} new message from {people}', other: '{count} new messages from {people}' },
  'chat.people': { one: '{count} person', other: '{count} people' },
  'chat.privateTo': 'Private to {name}',
  'chat.sending': 'Sending…',
  /** A message of yours in the outbox: it goes out when the connection is back. */
  'chat.queued': 'Waiting for the connection…',
  'chat.notSent': 'Not sent: {reason}',
  'chat.retry': 'Retry',
  'chat.gap': 'Some messages from while you were disconnected could not be recovered.',
  'chat.showEarlier': 'Show earlier messages',
  'chat.newMessages': { one: '{count} new message ↓', other: '{count} new messages ↓' },

  // The composer.
  'chat.composer': 'Send a message',
  'chat.to': 'To',
  'chat.everyone': 'Everyone',
  'chat.recipientPrivate': '{name} (private)',
  'chat.input': 'Message',
  'chat.inputPrivate': 'Private message',
  'chat.placeholder': 'Write a message…',
  'chat.send': 'Send',
  /** The status line when the server will not admit the page; `reason` is the refusal, worded by `error.<code>`. */
  'chat.refused': 'Could not join: {reason}.',

  // Files (issue 14).
  'chat.attach': 'Attach a file',
  'chat.uploading': 'Uploading {name}',
  'chat.cancelUpload': 'Cancel',
  'chat.download': 'Download',
  /** Checked before uploading; `size` is the room's limit, formatted (`10 MB`). */
  'chat.fileTooLarge': 'The file is larger than {size}.',

  // Conversation (issue 15): replies, reactions, mentions, deleting.
  'chat.actions': 'Message actions',
  'chat.reply': 'Reply',
  /** A quick reaction in the action menu. */
  'chat.react': 'React with {emoji}',
  'chat.delete': 'Delete',
  'chat.replyingTo': 'Replying to {name}',
  'chat.cancelReply': 'Cancel reply',
  'chat.reactions': 'Reactions',
  /** A reaction under a message: `names` lists who reacted. */
  'chat.reactedBy': '{emoji} from {names}',
  'chat.mentioned': 'Mentions you',
  'chat.suggestions': 'People to mention',
} as const;
