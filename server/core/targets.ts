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
  role: (roomId: string, role: string) => `r:${part(roomId)}:role:${part(role)}`,
};

/**
 * The channels a connected participant joins: its room's, and the admins' and its role's, which the room's sockets
 * share. Users and peers get no channel of their own: two per socket cost about 800 B each of 10,000 idle widgets
 * (a socket.io room is a Set and a name), so messages for them go to the sockets found by `channelsFor`.
 */
export function channelsOf(roomId: string, r: Recipient): string[] {
  const list = [shared(channel.room(roomId))];
  if (r.is_admin) list.push(shared(channel.admins(roomId)));
  if (r.role !== null) list.push(shared(channel.role(roomId, r.role)));
  return list;
}

/**
 * One copy of each channel name for all sockets: socket.io keeps the name each socket joined with in that socket's
 * set of rooms, and a fresh string per socket cost each idle widget about 55 B. Bounded (forgotten all at once when
 * full): a name not found is only a copy more.
 */
const names = new Map<string, string>();
function shared(name: string): string {
  const known = names.get(name);
  if (known !== undefined) return known;
  if (names.size >= 10_000) names.clear();
  names.set(name, name);
  return name;
}

/** A socket of this process in a room: its socket.io id (a room of its own) and who it is. */
export interface Member {
  id: string;
  self: Recipient;
}

/**
 * The socket.io rooms to emit to, and those to exclude, so that socket.io delivers to exactly `isTargetOf` among this
 * process's sockets: channels for everyone, admins and roles; the socket ids of `members` (this process's sockets of
 * the room, read only when a clause names users or peers) for the rest.
 */
export function channelsFor(
  roomId: string,
  a: Audience,
  members: () => Iterable<Member>,
): { to: string[]; except: string[] } {
  const named = a.userIds.length > 0 || a.peerIds.length > 0;
  const sockets: string[] = [];
  const except: string[] = [];
  if (named || a.exceptUserIds.length > 0) {
    for (const m of members()) {
      if (a.exceptUserIds.includes(m.self.user_id)) except.push(m.id);
      else if (named && (a.userIds.includes(m.self.user_id) || a.peerIds.includes(m.self.peer_id))) sockets.push(m.id);
    }
  }
  if (a.everyone) return { to: [channel.room(roomId)], except };
  const to = [
    ...(a.admins ? [channel.admins(roomId)] : []),
    ...a.roles.map((role) => channel.role(roomId, role)),
    ...sockets,
  ];
  return { to, except };
}
