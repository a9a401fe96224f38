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

/** Ids of custom events already dispatched on this page: one dispatch per payload, however many widgets. */
const dispatched = new Set<string>();
export function claimOnce(id: string): boolean {
  if (dispatched.has(id)) return false;
  dispatched.add(id);
  if (dispatched.size > 5000) dispatched.delete(dispatched.values().next().value as string);
  return true;
}
