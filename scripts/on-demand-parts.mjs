// Parts of the elements that most pages never use: the classic script loads each, as dist/room-widgets-<name>.js,
// the first time it is needed (vite.config.ts builds them; scripts/check-size.mjs gives each a budget).
export const ON_DEMAND = {
  centre: 'src/components/room-notifications/centre-panel.ts',
};
