import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Addresses a webhook from a production server must not reach unless its host is listed: this network and its neighbours. */
const internal = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  internal.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  internal.addSubnet(net, bits, 'ipv6');

/** Private, loopback, link-local, carrier-grade NAT, multicast or unspecified (an IPv4-mapped IPv6 address too). */
export function isInternalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return internal.check(mapped, 'ipv4');
  const family = isIP(address);
  return family !== 0 && internal.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface WebhookTargetRules {
  production: boolean;
  /** `WEBHOOK_ALLOWED_HOSTS`, lower case: when set, the only hosts allowed (and they may be internal). */
  allowedHosts: readonly string[];
  resolve?: (host: string) => Promise<string[]>;
}

const resolveAll = async (host: string) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Why a room's `webhook_url` may not be used, or null. With `WEBHOOK_ALLOWED_HOSTS` only those hosts pass; otherwise
 * in production a host that is, or resolves to, an internal address is refused: the signed webhooks of a room/create
 * caller must not become requests into the server's own network. Checked when the room is created.
 */
export async function webhookTargetProblem(url: string, rules: WebhookTargetRules): Promise<string | null> {
  const host = new URL(url).hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (rules.allowedHosts.length > 0)
    return rules.allowedHosts.includes(host) ? null : `host "${host}" is not in the server's WEBHOOK_ALLOWED_HOSTS`;
  if (!rules.production) return null;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (rules.resolve ?? resolveAll)(host);
  } catch {
    return `host "${host}" does not resolve`;
  }
  const inside = addresses.find(isInternalAddress);
  return inside === undefined
    ? null
    : `host "${host}" is a private, loopback or link-local address (${inside}); list it in WEBHOOK_ALLOWED_HOSTS to allow it`;
}
