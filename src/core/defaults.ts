let defaultServer: string | null = null;

/** The classic script sets this to its own origin, so `server` may be left out. */
export function setDefaultServer(origin: string): void {
  defaultServer = origin;
}

export function resolveServer(server: string | null | undefined): string | null {
  if (server) return server;
  if (defaultServer) return defaultServer;
  return typeof location !== 'undefined' ? location.origin : null;
}
