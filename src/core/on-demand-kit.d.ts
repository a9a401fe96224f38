/** Built by vite.config.ts for the classic script only: the lit exports its on-demand parts share. */
declare module 'virtual:room-widgets-kit' {
  export const kit: Record<string, Record<string, unknown>>;
}
