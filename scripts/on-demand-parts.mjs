// Parts of the elements that most pages never use: the classic script loads each, as dist/room-widgets-<name>.js,
// the first time it is needed (vite.config.ts builds them; scripts/check-size.mjs gives each a budget).
export const ON_DEMAND = {
  centre: 'src/components/room-notifications/centre-panel.ts',
  // The chat's per-message action menu and reply preview, the first time a message's "⋯" is pressed.
  menu: 'src/components/room-chat/message-menu.ts',
  // The composer's @ suggestions, the first time an @ is typed with others in the room.
  mentions: 'src/components/room-chat/mention-suggest.ts',
};
