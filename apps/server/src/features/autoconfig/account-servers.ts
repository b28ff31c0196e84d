import type { AutoconfigResult, DiscoverySource, MailProvider, SignInServers } from '@pigeon/shared';
import type { MailProtocol } from '../../core/auth.types.ts';
import { autoconfigErrors } from './autoconfig.errors.ts';
import {
  findMailServers,
  OnlyGuessesFailed,
  resolveMailServers,
  type DiscoveryOptions,
  type DiscoverySettings,
  type ResolvedServers,
} from './autoconfig.service.ts';
import { resolveManualServers } from './manual-servers.ts';
import { resolvePop3Servers, type ResolvedPop3Servers } from './pop3-discovery.ts';
import type { ServerEndpoint } from './server-url.ts';

/** The servers of a mail account as sign-in settles them: the incoming one speaks `protocol`. */
export interface AccountServers {
  protocol: MailProtocol;
  incoming: ServerEndpoint;
  smtp: ServerEndpoint;
  login: string;
  source: DiscoverySource | 'manual';
  provider: MailProvider | null;
}

export const fromImap = (s: ResolvedServers): AccountServers => ({
  protocol: 'imap',
  incoming: s.imap,
  smtp: s.smtp,
  login: s.login,
  source: s.source,
  provider: s.provider,
});

const fromPop3 = (s: ResolvedPop3Servers): AccountServers => ({
  protocol: 'pop3',
  incoming: s.pop3,
  smtp: s.smtp,
  login: s.login,
  source: s.source,
  provider: null,
});

export interface AccountDiscoveryIo {
  imap: typeof resolveMailServers;
  pop3: typeof resolvePop3Servers;
}

/**
 * Discovery for a sign-in (decision 026): IMAP first (its whole chain, decision 005); a domain with no IMAP (nothing
 * found, or only guessed names that did not answer) is asked for POP3. IMAP's own refusals (a wrong password, a
 * provider, a named server that is down) stand, and so does its "unreachable" when POP3 finds nothing either.
 */
export async function resolveAccountServers(
  email: string,
  settings: DiscoverySettings,
  o: DiscoveryOptions,
  io: AccountDiscoveryIo = { imap: resolveMailServers, pop3: resolvePop3Servers },
): Promise<AccountServers | null> {
  let imapError: OnlyGuessesFailed | null = null;
  try {
    const imap = await io.imap(email, settings, o);
    if (imap) return fromImap(imap);
  } catch (err) {
    if (!(err instanceof OnlyGuessesFailed)) throw err;
    imapError = err;
  }
  const pop3 = await io.pop3(email, settings, { password: o.password, log: o.log });
  if (pop3) return fromPop3(pop3);
  if (imapError) throw imapError;
  return null;
}

/**
 * "Advanced settings" with a protocol: exactly one incoming server, IMAP or POP3, then the same policy as
 * resolveManualServers (the admin's servers win, the guard and MAIL_ALLOWED_HOSTS on every address).
 */
export async function resolveManualAccount(
  email: string,
  manual: SignInServers,
  settings: DiscoverySettings,
): Promise<AccountServers> {
  const incoming = manual.pop3 ?? manual.imap;
  if (!incoming || (manual.pop3 && manual.imap)) throw autoconfigErrors.oneIncomingServer();
  const resolved = await resolveManualServers(
    email,
    { imap: incoming, smtp: manual.smtp, login: manual.login },
    settings,
  );
  // the admin's servers for the domain win over anything typed (they are IMAP)
  if (!manual.pop3 || resolved.source === 'admin') return fromImap(resolved);
  return { ...fromImap(resolved), protocol: 'pop3' };
}

/**
 * What the sign-in page shows before signing in (GET /api/autoconfig): IMAP discovery's answer, or, for a domain
 * where it found nothing (and no provider), what POP3 discovery finds without a password.
 */
export async function findAccountServers(
  email: string,
  settings: DiscoverySettings,
  o: Omit<DiscoveryOptions, 'password'>,
  io: { imap: typeof findMailServers; pop3: typeof resolvePop3Servers } = {
    imap: findMailServers,
    pop3: resolvePop3Servers,
  },
): Promise<AutoconfigResult> {
  const imap = await io.imap(email, settings, o);
  if (imap.found || imap.provider) return imap;
  const pop3 = await io.pop3(email, settings, { log: o.log }).catch(() => null);
  if (!pop3) return imap;
  const info = (e: ServerEndpoint) => ({ host: e.host, port: e.port, security: e.tls, username: pop3.login });
  return {
    ...imap,
    found: true,
    protocol: 'pop3',
    source: pop3.source,
    incoming: info(pop3.pop3),
    outgoing: info(pop3.smtp),
  };
}
