import ipaddr from 'ipaddr.js';

/**
 * The key a client's address is counted under: an IPv4 address as is (also when IPv4-mapped), an IPv6 address by
 * its /64, since one subscriber usually holds a whole /64 and could otherwise take a fresh key for every attempt.
 */
export function clientKey(address: string): string {
  const raw = address.trim().replace(/^\[(.*)\]$/, '$1');
  const withoutZone = raw.replace(/%.*$/, '');
  if (!ipaddr.isValid(withoutZone)) return raw.slice(0, 64);
  const parsed = ipaddr.process(withoutZone); // IPv4-mapped IPv6 becomes IPv4
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}
