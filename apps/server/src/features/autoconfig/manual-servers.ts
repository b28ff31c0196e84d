import { isIP } from 'node:net';
import { loginFitsAddress, type ManualServer, type SignInServers } from '@pigeon/shared';
import { checkTarget, ForbiddenTargetError, UnresolvableHostError, type HostResolver } from '../../core/net/guard.ts';
import { isHostListEntry, normalizeHost } from '../../core/net/host-list.ts';
import { autoconfigErrors } from './autoconfig.errors.ts';
import { domainOf, systemResolver, type DiscoverySettings, type ResolvedServers } from './autoconfig.service.ts';
import { providerOfHost } from './providers.ts';
import type { ServerEndpoint } from './server-url.ts';

type Kind = 'imap' | 'smtp';
/** Typed servers with the incoming one named `imap` (account-servers.ts passes a POP3 server there too). */
export type ManualServers = Omit<SignInServers, 'imap' | 'pop3'> & { imap: ManualServer };

/**
 * Why the sign-in page's manual servers may not sign in `email`, or null. Pure, and checked before any lookup:
 * a malformed host or a username that is not the address (400), servers that differ from the admin's for the
 * domain, or (with MAIL_ALLOWED_HOSTS=*) a host outside the address's own domain, which could vouch for
 * any address with its own password (403 mail.server_not_allowed).
 */
export function manualServersRefusal(
  email: string,
  manual: ManualServers,
  settings: Pick<DiscoverySettings, 'mailDomains' | 'mailDefault' | 'mailAllowedHosts'>,
): Error | null {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  for (const kind of ['imap', 'smtp'] as const) {
    const host = normalizeHost(manual[kind].host);
    if (host.includes('*') || host.includes('/') || !isHostListEntry(host))
      return autoconfigErrors.invalidServer(`servers.${kind}.host`);
  }
  if (manual.login !== undefined && !loginFitsAddress(manual.login, email))
    return autoconfigErrors.loginNotForAddress();
  const admin = settings.mailDomains[domain] ?? settings.mailDefault;
  if (admin) {
    for (const kind of ['imap', 'smtp'] as const)
      if (!sameServer(admin[kind], manual[kind]))
        return autoconfigErrors.serverPinned(normalizeHost(manual[kind].host));
    return null;
  }
  // an allowlist is checked by the guard, on the resolved address too; without one, the domain must own the host
  if (settings.mailAllowedHosts) return null;
  for (const kind of ['imap', 'smtp'] as const) {
    const host = normalizeHost(manual[kind].host);
    if (isIP(host) || (host !== domain && !host.endsWith(`.${domain}`))) return autoconfigErrors.serverNotAllowed(host);
  }
  return null;
}

/**
 * The servers for a sign-in with "Advanced settings": the same policy as discovery (SIGNIN_ALLOWED_DOMAINS, the
 * admin's MAIL_DOMAINS win, the SSRF guard and MAIL_ALLOWED_HOSTS on every resolved address) and nothing is
 * cached for the domain, so one user's typing never steers another user's sign-in.
 */
export async function resolveManualServers(
  email: string,
  manual: ManualServers,
  settings: DiscoverySettings,
  o: { resolver?: HostResolver } = {},
): Promise<ResolvedServers> {
  const domain = domainOf(email, settings);
  const refusal = manualServersRefusal(email, manual, settings);
  if (refusal) throw refusal;
  const login = manual.login?.trim() || email;
  const admin = settings.mailDomains[domain] ?? settings.mailDefault;
  if (admin) return { ...admin, login, source: 'admin', provider: null };

  const resolver = o.resolver ?? systemResolver(settings.discovery.dnsServers, settings.discovery.sourceTimeoutMs);
  const policy = { allowedHosts: settings.mailAllowedHosts, resolver };
  // both pass the guard before anything connects to either
  const checked = async (kind: Kind): Promise<ServerEndpoint> => {
    const e = { host: normalizeHost(manual[kind].host), port: manual[kind].port, tls: manual[kind].tls };
    try {
      return { ...e, address: (await checkTarget(e.host, policy, 'mail')).address };
    } catch (err) {
      if (err instanceof ForbiddenTargetError) throw autoconfigErrors.serverNotAllowed(e.host);
      if (err instanceof UnresolvableHostError) throw autoconfigErrors.serverUnknown(e);
      throw err;
    }
  };
  const imap = await checked('imap');
  const smtp = await checked('smtp');
  return { imap, smtp, login, source: 'manual', provider: providerOfHost(imap.host) };
}

const sameServer = (a: ServerEndpoint, b: ManualServer): boolean =>
  normalizeHost(a.host) === normalizeHost(b.host) && a.port === b.port && a.tls === b.tls;
