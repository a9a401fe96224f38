// Signed calls to the room server's three API dialects, as a meeting's backend makes them.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

/** `headers` go on every request (the load driver's rolling restarts send `connection: close`). */
export function apiClient(url, key, secret, headers = {}) {
  const secretKey = new TextEncoder().encode(secret);
  const answer = async (res) => {
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      return { status: res.status, body: text };
    }
  };
  const api = {
    async pn(path, body) {
      const raw = JSON.stringify(body);
      const signature = createHmac('sha256', secret).update(raw).digest('hex');
      return answer(
        await fetch(`${url}/auth${path}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'API-KEY': key, 'HASH-SIGNATURE': signature },
          body: raw,
        }),
      );
    },
    managementToken() {
      return new SignJWT({ access_key: key, type: 'management', version: 2 })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime('1h')
        .setJti(randomUUID())
        .sign(secretKey);
    },
    peerToken(roomId, userId, role) {
      return new SignJWT({ access_key: key, type: 'app', version: 2, room_id: roomId, user_id: userId, role })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt()
        .setNotBefore('0s')
        .setExpirationTime('1h')
        .setJti(randomUUID())
        .sign(secretKey);
    },
    async hms(roomId, body) {
      const token = await api.managementToken();
      return answer(
        await fetch(`${url}/v2/active-rooms/${encodeURIComponent(roomId)}/send-message`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        }),
      );
    },
    async rc(form) {
      const nonce = randomUUID();
      const timestamp = String(Date.now());
      const signature = createHash('sha1')
        .update(secret + nonce + timestamp)
        .digest('hex');
      return answer(
        await fetch(`${url}/message/chatroom/broadcast.json`, {
          method: 'POST',
          headers: {
            ...headers,
            'content-type': 'application/x-www-form-urlencoded',
            'App-Key': key,
            Nonce: nonce,
            Timestamp: timestamp,
            Signature: signature,
          },
          body: new URLSearchParams(form).toString(),
        }),
      );
    },
    async createRoom(roomId, extra = {}, metadata = {}) {
      return api.pn('/room/create', {
        room_id: roomId,
        metadata: { room_title: `Room ${roomId}`, room_features: { chat_features: { allow_chat: true } }, ...metadata },
        ...extra,
      });
    },
    async joinToken(roomId, userId, { name = userId, isAdmin = false, isHidden = false } = {}) {
      const res = await api.pn('/room/getJoinToken', {
        room_id: roomId,
        user_info: { name, user_id: userId, is_admin: isAdmin, is_hidden: isHidden },
      });
      if (res.status !== 200) throw new Error(`getJoinToken: ${JSON.stringify(res.body)}`);
      return res.body.token;
    },
  };
  return api;
}
