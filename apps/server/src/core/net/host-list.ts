import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Lower-case, no brackets, no trailing dot: the one spelling host comparisons use. */
export const normalizeHost = (host: string): string =>
  host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');

/** Is this entry usable in a host list: a name, `*.suffix`, an IP literal or a CIDR range. */
export function isHostListEntry(entry: string): boolean {
  const e = normalizeHost(entry);
  if (isIP(e)) return true;
  if (e.includes('/')) return ipaddr.isValidCIDR(e);
  return /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/.test(e);
}

/** Does the list name this host (exactly or by `*.suffix`), or, when given, this resolved address (IP or CIDR)? */
export function hostListed(list: readonly string[], host: string, address?: string): boolean {
  const name = normalizeHost(host);
  for (const raw of list) {
    const e = normalizeHost(raw);
    if (e === name) return true;
    if (e.startsWith('*.') && name.endsWith(e.slice(1))) return true;
    if (address && addressMatches(e, address)) return true;
  }
  return false;
}

function addressMatches(entry: string, address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const a = ipaddr.parse(address);
  if (isIP(entry)) {
    const e = ipaddr.parse(entry);
    return e.kind() === a.kind() && e.toNormalizedString() === a.toNormalizedString();
  }
  if (!entry.includes('/') || !ipaddr.isValidCIDR(entry)) return false;
  const [net, bits] = ipaddr.parseCIDR(entry);
  if (net.kind() !== a.kind()) return false;
  return a.kind() === 'ipv4'
    ? (a as ipaddr.IPv4).match(net as ipaddr.IPv4, bits)
    : (a as ipaddr.IPv6).match(net as ipaddr.IPv6, bits);
}
