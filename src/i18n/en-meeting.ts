/**
 * English strings of chat previews and joins/leaves (see en.ts): they ship in the on-demand file that shows them
 * (src/components/room-notifications/meeting-toasts.ts), which adds them when it loads.
 */
export const enMeeting = {
  // Chat previews while no chat shows the message; `names`: "Alice, Bob and 2 others".
  'notifications.chatFrom': '{name}',
  'notifications.privateFrom': 'Private message from {name}',
  'notifications.mentionFrom': '{name} mentioned you',
  'notifications.newMessages': { one: '{count} new message from {names}', other: '{count} new messages from {names}' },
  'notifications.newDirect': {
    one: '{count} new message for you from {names}',
    other: '{count} new messages for you from {names}',
  },
  'notifications.openChat': 'Open the chat',
  'notifications.others': { one: '{names} and {count} other', other: '{names} and {count} others' },
  // Joins and leaves, batched: `names` as above.
  'notifications.presence': 'Participants',
  'notifications.joined': '{names} joined',
  'notifications.left': '{names} left',
  'notifications.handRaised': '{names} raised a hand',
  // One card for what came while the page was hidden or offline, or while the user presented; each count is a link.
  'notifications.catchUp': 'While you were away',
  'notifications.summary': 'While you were presenting',
  'notifications.countMessages': { one: '{count} message', other: '{count} messages' },
  'notifications.countMentions': { one: '{count} mention', other: '{count} mentions' },
  'notifications.countPrivate': { one: '{count} private message', other: '{count} private messages' },
  'notifications.countNotifications': { one: '{count} notification', other: '{count} notifications' },
} as const;
