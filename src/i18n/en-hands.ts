/**
 * `<room-chat>`'s English strings for the hand and poll buttons and the admins' raised hands (issue 30): in
 * src/components/room-chat/hand-tools.ts, which adds them when it loads (once the chat has joined).
 */
export const enHands = {
  'chat.newPoll': 'Create a poll',
  'chat.raiseHand': 'Raise hand',
  'chat.lowerHand': 'Lower hand',
  'chat.hands': 'Raised hands',
  'chat.lowerHandOf': 'Lower the hand of {name}',
} as const;
