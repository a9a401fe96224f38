#!/usr/bin/env node
// Prints a token signed with ROOM_API_KEY / ROOM_API_SECRET (the demo defaults when unset), for curl examples:
//   node scripts/token.mjs management
//   node scripts/token.mjs join ROOM USER_ID [NAME] [--admin]
//   node scripts/token.mjs peer ROOM USER_ID ROLE
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

const key = process.env.ROOM_API_KEY || 'demo-key';
const secret = new TextEncoder().encode(process.env.ROOM_API_SECRET || 'demo-secret-change-me');
const [kind, room, user, third] = process.argv.slice(2);
const sign = (claims) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime('24h');

if (kind === 'management') {
  console.log(await sign({ access_key: key, type: 'management', version: 2 }).setJti(randomUUID()).sign(secret));
} else if (kind === 'join' && room && user) {
  console.log(
    await sign({
      room_id: room,
      name: third && !third.startsWith('--') ? third : user,
      is_admin: process.argv.includes('--admin'),
      is_hidden: false,
    })
      .setIssuer(key)
      .setSubject(user)
      .sign(secret),
  );
} else if (kind === 'peer' && room && user && third) {
  console.log(
    await sign({ access_key: key, type: 'app', version: 2, room_id: room, user_id: user, role: third })
      .setJti(randomUUID())
      .sign(secret),
  );
} else {
  console.error('usage: token.mjs management | join ROOM USER_ID [NAME] [--admin] | peer ROOM USER_ID ROLE');
  process.exit(2);
}
