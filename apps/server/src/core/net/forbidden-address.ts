import ipaddr from 'ipaddr.js';

/**
 * Why an IP address must not be connected to from the server (SSRF), or null for a public unicast address.
 * Invariant: anything that is not plainly public answers non-null, including text that is not an IP at all.
 */
export function isForbiddenAddress(ip: string): string | null {
  const raw = ip.trim().replace(/^\[(.*)\]$/, '$1');
  // only canonical literals: ipaddr.js would also read "127.1" or "0x7f.1" as IPv4, which is never what a resolver returns
  if (!ipaddr.IPv4.isValidFourPartDecimal(raw) && !ipaddr.IPv6.isValid(raw)) return 'invalid';
  const addr = ipaddr.parse(raw);
  if (addr.kind() === 'ipv4') {
    const range = (addr as ipaddr.IPv4).range();
    return range === 'unicast' ? null : range;
  }
  const v6 = addr as ipaddr.IPv6;
  // ::ffff:a.b.c.d reaches the IPv4 host on dual-stack sockets; refused whatever the embedded address is
  if (v6.isIPv4MappedAddress()) return 'ipv4Mapped';
  const range = v6.range();
  if (range !== 'unicast') return range;
  // everything outside 2000::/3 (global unicast) is unassigned or special (e.g. ::a.b.c.d, 4000::)
  return v6.match(GLOBAL_UNICAST) ? null : 'notGlobalUnicast';
}

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3') as [ipaddr.IPv6, number];
