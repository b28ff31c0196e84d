import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import ipaddr from 'ipaddr.js';

/** TRUST_PROXY: off, the number of proxies in front of Pigeon, or the proxies' addresses / CIDR ranges. */
export type ProxyTrust = false | { hops: number } | { addresses: string[] };

/** proxy-addr's names for common ranges, accepted in the address list */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Parses TRUST_PROXY: empty/false/0 = off, a positive integer = hop count, else comma-separated addresses/CIDRs.
 * Returns null for anything else (`true` included: trusting every hop lets a client pick its own IP).
 */
export function parseProxyTrust(raw: string | undefined): ProxyTrust | null {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '' || value === 'false' || value === '0' || value === 'off' || value === 'no') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops >= 1 && hops <= 10 ? { hops } : null;
  }
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  for (const e of entries) {
    if (NAMED_RANGES.has(e) || isIP(e)) continue;
    if (!e.includes('/') || !ipaddr.isValidCIDR(e)) return null;
  }
  return { addresses: entries };
}

/** `(address, hop) => trusted?` as Fastify's trustProxy and proxy-addr take it, or false when off. */
export type TrustFn = (address: string, hop: number) => boolean;

export function proxyTrustFn(trust: ProxyTrust): TrustFn | false {
  if (trust === false) return false;
  if ('hops' in trust) {
    // Fastify fails closed on a bare number; a hop count trusts exactly that many proxies from the socket inwards
    const hops = trust.hops;
    return (_address, hop) => hop < hops;
  }
  return proxyAddr.compile(trust.addresses);
}

/** The client address of a raw request under this trust: the first untrusted hop, counted from the socket. */
export function clientAddress(req: IncomingMessage, trust: TrustFn | false): string {
  if (!trust) return req.socket.remoteAddress ?? '';
  const all = proxyAddr.all(req, trust);
  return all[all.length - 1] ?? '';
}
