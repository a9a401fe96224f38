/**
 * Who a message is for. The server alone decides; clients never see targets.
 * A participant receives a message once when it matches any clause of the audience.
 */
export interface Audience {
  everyone: boolean;
  admins: boolean;
  userIds: string[];
  roles: string[];
  peerIds: string[];
  /** Never delivered to these users, even when another clause matches (RongCloud's `isIncludeSender: 0`). */
  exceptUserIds: string[];
}

export interface Recipient {
  user_id: string;
  role: string | null;
  is_admin: boolean;
  peer_id: string;
}

const none: Audience = { everyone: false, admins: false, userIds: [], roles: [], peerIds: [], exceptUserIds: [] };

export const audience = {
  everyone: (exceptUserIds: string[] = []): Audience => ({ ...none, everyone: true, exceptUserIds }),
  of: (parts: Partial<Omit<Audience, 'everyone'>>): Audience => ({ ...none, ...parts }),
};

export function isTargetOf(a: Audience, r: Recipient): boolean {
  if (a.exceptUserIds.includes(r.user_id)) return false;
  return (
    a.everyone ||
    (a.admins && r.is_admin) ||
    a.userIds.includes(r.user_id) ||
    (r.role !== null && a.roles.includes(r.role)) ||
    a.peerIds.includes(r.peer_id)
  );
}

/**
 * socket.io room names that a connected participant joins, one per audience clause it can match. In every id `%`
 * and `:` are percent-encoded (an injective mapping that, unlike encodeURIComponent, cannot throw on a lone
 * surrogate), so no id contains the `:` separator: a room named `A:admins` or `A:u:bob` gets channels of its own,
 * never room A's. The `r:` prefix keeps them apart from socket.io's per-socket rooms.
 */
const part = (id: string) => id.replaceAll('%', '%25').replaceAll(':', '%3A');
export const channel = {
  room: (roomId: string) => `r:${part(roomId)}`,
  admins: (roomId: string) => `r:${part(roomId)}:admins`,
  user: (roomId: string, userId: string) => `r:${part(roomId)}:u:${part(userId)}`,
  role: (roomId: string, role: string) => `r:${part(roomId)}:role:${part(role)}`,
  peer: (roomId: string, peerId: string) => `r:${part(roomId)}:p:${part(peerId)}`,
};

export function channelsOf(roomId: string, r: Recipient): string[] {
  const list = [channel.room(roomId), channel.user(roomId, r.user_id), channel.peer(roomId, r.peer_id)];
  if (r.is_admin) list.push(channel.admins(roomId));
  if (r.role !== null) list.push(channel.role(roomId, r.role));
  return list;
}

/** The channels to emit to, and those to exclude, so that socket.io delivers to exactly `isTargetOf`. */
export function channelsFor(roomId: string, a: Audience): { to: string[]; except: string[] } {
  const except = a.exceptUserIds.map((u) => channel.user(roomId, u));
  if (a.everyone) return { to: [channel.room(roomId)], except };
  const to = [
    ...(a.admins ? [channel.admins(roomId)] : []),
    ...a.userIds.map((u) => channel.user(roomId, u)),
    ...a.roles.map((role) => channel.role(roomId, role)),
    ...a.peerIds.map((p) => channel.peer(roomId, p)),
  ];
  return { to, except };
}
