// What the classic script loads from beside itself, as dist/room-widgets-<name>.js, the first time it is needed
// (vite.config.ts builds them; scripts/check-size.mjs gives each a budget).
export const ON_DEMAND = {
  // What both elements stand on (lit, the base element, the palette, the localisation controller), with the first
  // element's file: a page that only connects never loads it (issue 34).
  elements: 'src/classic/elements.ts',
  // Both elements and what they stand on, in one file, for a page that holds both when the script first looks.
  both: 'src/classic/both.ts',
  // Each element, the first time the page holds one (src/classic/autoload.ts): a page pays for what it shows.
  chat: 'src/classic/chat.ts',
  notifications: 'src/classic/notifications.ts',
  // Parts of the elements that most pages never use:
  // the notification centre's panel, the first time a bell is pressed;
  centre: 'src/components/room-notifications/centre-panel.ts',
  // chat previews and joins/leaves as toasts, the first time one could show (no chat on screen, or someone joins);
  meeting: 'src/components/room-notifications/meeting-toasts.ts',
  // the chat's per-message action menu and reply preview, the first time a message's "⋯" is pressed;
  menu: 'src/components/room-chat/message-menu.ts',
  // the composer's @ suggestions, the first time an @ is typed with others in the room;
  mentions: 'src/components/room-chat/mention-suggest.ts',
  // the hand and poll buttons and the admins' raised hands, once the chat has joined;
  hands: 'src/components/room-chat/hand-tools.ts',
  // the poll cards and the poll form, the first time a poll shows or the form opens.
  polls: 'src/components/room-chat/poll-card.ts',
  // File transfer for the headless client and the chat, the first time a file is sent or shown.
  files: 'src/core/file-transfer.ts',
  // Issue 34: the conversation core (how reactions, deletions, edits, moderation, polls and hands are checked and
  // folded into the store), the first time such a message arrives or such an action is taken.
  core: 'src/core/conversation-core.ts',
  // socket.io's client (WebSocket only; polling is its own file), as the script starts: fetched beside the elements'
  // file, so that a page's first render does not wait for it (issue 34).
  socket: 'src/core/socket-io.ts',
  // The outbox's storage (localStorage), as the connection starts: it loads while the socket joins.
  outbox: 'src/core/store/outbox.ts',
  // Issue 31: search and transcripts (with older history from the server), the first time one is asked for;
  reading: 'src/core/reading.ts',
  // who is typing, as a chat joins a room small enough to show it (its `typing-limit`);
  typing: 'src/core/typing.ts',
  // the formatting of chat text, the first time a message holds a formatting character;
  format: 'src/components/room-chat/format.ts',
  // the chat's search panel, transcript download and the picker's wiring, the first time one of their buttons is pressed;
  tools: 'src/components/room-chat/chat-tools.ts',
  // the emoji picker, the first time it is opened (its data comes from the room server, GET /emoji.json).
  picker: 'src/components/room-chat/emoji-picker.ts',
};
