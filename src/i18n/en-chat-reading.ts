/**
 * `<room-chat>`'s English strings of issue 31's parts (chat-tools.ts: the search, "Download chat", the emoji picker,
 * who is typing; the menu's "More reactions…", offered once those have loaded): in those parts' files, which add them
 * as they load, so the chat's own file carries none of them.
 */
export const enChatReading = {
  'chat.emoji': 'Emoji',
  /** In a message's action menu: opens the emoji picker to react with any emoji. */
  'chat.moreReactions': 'More reactions…',
  'chat.search': 'Search messages',
  'chat.downloadChat': 'Download chat',
  'chat.typing': '{name} is typing…',
  'chat.typingMany': { one: '{count} person is typing…', other: '{count} people are typing…' },
  'chat.emojiSearch': 'Search emoji',
  'chat.searchPrev': 'Previous match',
  'chat.searchNext': 'Next match',
  'chat.searchClose': 'Close search',
  'chat.searchMore': 'Searching older messages…',
  'chat.searchNone': 'No messages found',
  /** Which match of the search is shown: `index` of `count`. */
  'chat.searchCount': '{index} of {count}',
  /** The heading of a downloaded transcript. */
  'chat.transcript': 'Chat transcript',
} as const;
