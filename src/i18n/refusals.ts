/**
 * Why the server refused a message or a join, by refusal code (`error.<code>`), for the locale files. English needs
 * no copy in the script: the server's own message is English, and is what shows when a locale has no string for a
 * code. Translators work from these texts; `scripts/build-locales.mjs` checks the locale files against them.
 */
export const refusals = {
  'error.token_missing': 'No join token was given.',
  'error.token_invalid': 'The join token is not valid.',
  'error.token_expired': 'The join token has expired.',
  'error.room_not_active': 'The meeting is not active.',
  'error.room_full': 'The meeting is full.',
  'error.too_many_joins': 'Too many attempts to join. Wait a few seconds and try again.',
  'error.origin_not_allowed': 'The room server does not allow this page to connect.',
  'error.chat_disabled': 'Chat is turned off in this meeting.',
  'error.chat_locked': 'The moderator has locked the chat.',
  'error.private_chat_locked': 'The moderator has locked private messages.',
  'error.recipient_unknown': 'That participant is no longer in the meeting.',
  'error.message_invalid': 'The message could not be sent.',
  'error.message_too_long': 'The message is too long.',
  'error.rate_limited': 'Too many messages. Wait a moment and try again.',
  'error.message_not_found': 'That message is no longer available.',
  'error.not_allowed': 'You are not allowed to do that.',
  'error.participant_muted': 'The moderator has muted your chat.',
  'error.slow_mode': 'Slow mode is on: wait a moment before your next message.',
  'error.reaction_invalid': 'That is not a reaction.',
  'error.too_many_reactions': 'This message has too many kinds of reactions.',
  'error.file_upload_disabled': 'File sharing is turned off in this meeting.',
  'error.file_share_locked': 'The moderator has locked file sharing.',
  'error.file_type_not_allowed': 'Files of this type cannot be shared here.',
  'error.file_too_large': 'The file is too large.',
  'error.file_quota_exceeded': 'The meeting has no room for more files.',
  'error.server_error': 'The server did not confirm the message.',
} as const;
