/**
 * `<room-chat>`'s English strings for polls (issue 30): in the chat's poll module, which adds them when it loads on
 * demand (src/components/room-chat/poll-card.ts).
 */
export const enPolls = {
  'chat.poll.single': 'Choose one',
  'chat.poll.multiple': 'Choose any',
  /** Voters are not named, to anyone. */
  'chat.poll.anonymous': 'Anonymous',
  'chat.poll.closed': 'Closed',
  'chat.poll.voters': { one: '{count} voter', other: '{count} voters' },
  'chat.poll.votes': { one: '{count} vote', other: '{count} votes' },
  /** An option's tooltip on a poll that is not anonymous: `names` lists who chose it. */
  'chat.poll.votedBy': 'Chosen by {names}',
  'chat.poll.close': 'Close poll',
  // The form.
  'chat.poll.form': 'New poll',
  'chat.poll.question': 'Question',
  'chat.poll.option': 'Answer {number}',
  'chat.poll.addOption': 'Add an answer',
  'chat.poll.allowMultiple': 'Allow several answers',
  'chat.poll.makeAnonymous': 'Anonymous: nobody sees who voted for what',
  'chat.poll.create': 'Create poll',
  'chat.poll.cancel': 'Cancel',
} as const;
