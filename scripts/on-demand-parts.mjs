// What the classic script loads from beside itself, as dist/room-widgets-<name>.js, the first time it is needed
// (vite.config.ts builds them; scripts/check-size.mjs gives each a budget).
export const ON_DEMAND = {
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
  // the composer's @ suggestions, the first time an @ is typed with others in the room.
  mentions: 'src/components/room-chat/mention-suggest.ts',
  // File transfer for the headless client and the chat, the first time a file is sent or shown.
  files: 'src/core/file-transfer.ts',
  // The outbox's storage (localStorage), as the connection starts: it loads while the socket joins.
  outbox: 'src/core/store/outbox.ts',
};
