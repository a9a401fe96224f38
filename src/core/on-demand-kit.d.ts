/** Built by vite.config.ts for the classic script only: what the files it loads on demand take from it (KIT). */
declare module 'virtual:room-widgets-kit' {
  export const kit: Record<string, Record<string, unknown>>;
}
