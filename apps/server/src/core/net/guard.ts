import { isIP } from 'node:net';
import { isForbiddenAddress } from './forbidden-address.ts';
import { hostListed, normalizeHost } from './host-list.ts';

/** The lookups the guard needs; `dns.promises.Resolver` fits (with the configured DNS servers). */
export interface HostResolver {
  resolve4(host: string): Promise<string[]>;
  resolve6(host: string): Promise<string[]>;
}

export interface NetPolicy {
  /** MAIL_ALLOWED_HOSTS: null = any public host; a list also exempts what it names from the address check */
  allowedHosts: readonly string[] | null;
  resolver: HostResolver;
}

/** A host checked for connecting: connect to `address`, use `host` only for TLS SNI and the HTTP Host header. */
export interface CheckedTarget {
  host: string;
  address: string;
}

/** Refused before any connection was opened; `reason` is for logs and details, never shown as-is to users. */
export class ForbiddenTargetError extends Error {
  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(`refused to connect to ${host}: ${reason}`);
    this.name = 'ForbiddenTargetError';
  }
}

/** The host's name did not resolve (no address at all). */
export class UnresolvableHostError extends Error {
  constructor(readonly host: string) {
    super(`${host} has no address`);
    this.name = 'UnresolvableHostError';
  }
}

/**
 * Resolves `host` and checks EVERY address it resolves to; the caller must connect to the returned address
 * (never re-resolve the name), which closes the DNS-rebinding window. `kind: 'mail'` also requires the host to
 * be on the allowlist when there is one (HTTP discovery fetches only need to pass the address check).
 */
export async function checkTarget(host: string, policy: NetPolicy, kind: 'mail' | 'http'): Promise<CheckedTarget> {
  const name = normalizeHost(host);
  const list = policy.allowedHosts;
  const addresses = isIP(name) ? [name] : await resolveAll(name, policy.resolver);
  for (const address of addresses) {
    const reason = isForbiddenAddress(address);
    if (reason && !(list && hostListed(list, name, address)))
      throw new ForbiddenTargetError(name, `${address} is ${reason}`);
  }
  if (kind === 'mail' && list && !addresses.every((a) => hostListed(list, name, a)))
    throw new ForbiddenTargetError(name, 'not in MAIL_ALLOWED_HOSTS');
  return { host: name, address: addresses[0]! };
}

async function resolveAll(name: string, resolver: HostResolver): Promise<string[]> {
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
  const all = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
  if (all.length === 0) throw new UnresolvableHostError(name);
  return all;
}
