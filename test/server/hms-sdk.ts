import HMS from '@100mslive/server-sdk';
import { KEY, SECRET } from './helpers.ts';

/** Tokens exactly as a 100ms backend makes them with `@100mslive/server-sdk`. */
const sdk = new HMS.SDK(KEY, SECRET);
sdk.setLogLevel('error');

export async function managementToken(): Promise<string> {
  return (await sdk.auth.getManagementToken({ forceNew: true })).token;
}

export async function peerToken(roomId: string, userId: string, role: string): Promise<string> {
  return (await sdk.auth.getAuthToken({ roomId, userId, role })).token;
}

/** A guest link's token: `getAuthToken({ roomId, role })` with no user id, as 100ms's docs show it. */
export async function guestToken(roomId: string, role: string): Promise<string> {
  return (await sdk.auth.getAuthToken({ roomId, role })).token;
}
