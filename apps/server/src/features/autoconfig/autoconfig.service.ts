import { Resolver } from 'node:dns/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { AutoconfigResult, DiscoverySource, MailProvider } from '@pigeon/shared';
import type { Config } from '../../config.ts';
import { AppError, isAppError } from '../../core/app-error.ts';
import {
  checkTarget,
  ForbiddenTargetError,
  type CheckedTarget,
  type HostResolver,
  type NetPolicy,
} from '../../core/net/guard.ts';
import { hostListed } from '../../core/net/host-list.ts';
import { canConnect } from '../../core/net/tcp-probe.ts';
import { connectImap, type ImapLogin, type TlsSettings } from '../../imap/connect.ts';
import { autoconfigErrors } from './autoconfig.errors.ts';
import type { DiscoveryCache } from './autoconfig.repository.ts';

// sign-in reaches the discovery cache's shape through the service (style rule 14)
export type { DiscoveryCache } from './autoconfig.repository.ts';
import { raceCandidates, type RaceResult, type RaceSource, type Verdict } from './discovery-race.ts';
import { cacheable, encryptedOnly } from './discovery-rules.ts';
import { discoverySources, type Candidate, type DiscoveryDns, type SourceContext } from './discovery-sources.ts';
import type { ServerEndpoint } from './server-url.ts';
import { expandTemplate } from './thunderbird-config.ts';

export interface ResolvedServers {
  /** for discovered servers `address` holds the IP the SSRF guard checked: connect there, `host` is for TLS */
  imap: ServerEndpoint;
  smtp: ServerEndpoint;
  /** login name to use for both servers */
  login: string;
  /** `manual`: the sign-in page's "Advanced settings" (never cached for the domain) */
  source: DiscoverySource | 'manual';
  provider: MailProvider | null;
}

export type DiscoverySettings = Pick<
  Config,
  | 'mailDomains'
  | 'mailDefault'
  | 'signInAllowedDomains'
  | 'mailAllowedHosts'
  | 'discovery'
  | 'mailTlsCaFile'
  | 'mailTlsRejectUnauthorized'
>;

type Logger = Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn'>;
interface LoggedIn {
  logout(): Promise<unknown>;
  close(): void;
}

export interface DiscoveryOptions {
  /** with a password, a candidate counts only once it accepts this login; without, the best candidate found */
  password?: string;
  cache?: DiscoveryCache | null;
  log?: Logger;
  /** seams for tests; the defaults are the real network */
  io?: Partial<{
    dns: DiscoveryDns & HostResolver & { cancel?(): void };
    login(l: ImapLogin, tls: TlsSettings): Promise<LoggedIn>;
    canConnect: typeof canConnect;
    now(): Date;
  }>;
}

const quiet: Logger = { debug() {}, info() {}, warn() {} };

/**
 * Which servers serve this address: the one place sign-in asks. Chain: admin settings (MAIL_DOMAINS, then the
 * MAIL_IMAP_URL default) → the domain's cached discovery → autoconfig, ISPDB, SRV, MX, guessing in parallel.
 * With `password`, the first candidate (in that precedence) that accepts the login wins and is cached.
 * Null when nothing was found; throws AppErrors for a refused domain, a wrong password, a provider that
 * needs an app password, or servers that could not be reached or are not allowed.
 */
export async function resolveMailServers(
  email: string,
  settings: DiscoverySettings,
  o: DiscoveryOptions = {},
): Promise<ResolvedServers | null> {
  const domain = domainOf(email, settings);
  const admin = settings.mailDomains[domain] ?? settings.mailDefault;
  if (admin) return { ...admin, login: email, source: 'admin', provider: null };
  if (!settings.discovery.enabled) return null;

  const run = setup(email, domain, settings, o);
  try {
    const verify = o.password === undefined ? run.checkOnly : run.login(o.password);
    const cached = await run.fromCache();
    let refusedByCached: Error | null = null;
    if (cached) {
      const verdict = await verify(cached.candidate, AbortSignal.timeout(settings.discovery.loginTimeoutMs)).catch(
        (error: unknown) => ({ ok: false as const, error }),
      );
      if (verdict.ok) return resolved(cached.candidate, verdict.value, 'cache', email, run);
      if (isAppError(verdict.error) && verdict.error.code === 'auth.invalid_credentials') {
        // a wrong password, or the domain moved: discovery decides, and the refusal stands if it finds nothing
        refusedByCached = explain(verdict.error, cached.candidate.provider);
        run.log.info({ domain }, 'discovery: cached servers refused the login; discovering again');
      } else {
        run.log.info({ domain, err: String(verdict.error) }, 'discovery: cached servers failed; discovering again');
        await o.cache?.remove(domain);
      }
    }
    const race = await run.race(verify);
    if (race.winner) {
      if (o.password !== undefined && cacheable(race)) await o.cache?.put(domain, race.winner.candidate, run.now());
      return resolved(race.winner.candidate, race.winner.value, race.winner.source as DiscoverySource, email, run);
    }
    if (refusedByCached) throw refusedByCached;
    const err = failure(race);
    if (err) throw err;
    return null;
  } finally {
    run.close();
  }
}

/** GET /api/autoconfig: what discovery finds for the address, without signing in (no login is attempted). */
export async function findMailServers(
  email: string,
  settings: DiscoverySettings,
  o: Omit<DiscoveryOptions, 'password'> = {},
): Promise<AutoconfigResult> {
  const domain = domainOf(email, settings);
  const admin = settings.mailDomains[domain] ?? settings.mailDefault;
  if (admin)
    return describe(email, 'admin', {
      imap: admin.imap,
      smtp: admin.smtp,
      usernameTemplate: '%EMAILADDRESS%',
      passwordWorks: true,
      provider: null,
    });
  const none: AutoconfigResult = {
    email,
    found: false,
    source: null,
    incoming: null,
    outgoing: null,
    passwordWorks: true,
    provider: null,
  };
  if (!settings.discovery.enabled) return none;
  const run = setup(email, domain, settings, o);
  try {
    const cached = await run.fromCache();
    if (cached) {
      const ageSeconds = Math.max(0, Math.round((run.now().getTime() - cached.verifiedAt.getTime()) / 1000));
      return { ...describe(email, 'cache', cached.candidate), cachedFrom: cached.candidate.source, ageSeconds };
    }
    const race = await run.race(run.checkOnly);
    if (race.winner) return describe(email, race.winner.source as DiscoverySource, race.winner.candidate);
    const provider = race.failures.find((f) => f.candidate.provider)?.candidate.provider ?? null;
    return provider ? { ...none, passwordWorks: false, provider } : none;
  } finally {
    run.close();
  }
}

interface Checked {
  imap: CheckedTarget;
  smtp: CheckedTarget | null;
  client?: LoggedIn;
}

function setup(email: string, domain: string, settings: DiscoverySettings, o: DiscoveryOptions) {
  const d = settings.discovery;
  const dns = o.io?.dns ?? systemResolver(d.dnsServers, d.sourceTimeoutMs);
  const policy: NetPolicy = { allowedHosts: settings.mailAllowedHosts, resolver: dns };
  const log = o.log ?? quiet;
  const probe = o.io?.canConnect ?? canConnect;
  const login = o.io?.login ?? connectImap;
  const now = o.io?.now ?? (() => new Date());
  const tls: TlsSettings = {
    caFile: settings.mailTlsCaFile,
    rejectUnauthorized: settings.mailTlsRejectUnauthorized,
    connectTimeoutMs: d.loginTimeoutMs,
  };
  const ctx: SourceContext = { email, domain, settings: d, policy, dns, log, canConnect: probe };

  // both servers pass the guard before anything connects to either
  const check = async (c: Candidate): Promise<Checked> => ({
    imap: await checkTarget(c.imap.host, policy, 'mail'),
    smtp: c.smtp ? await checkTarget(c.smtp.host, policy, 'mail') : null,
  });

  return {
    log,
    now,
    async fromCache() {
      if (!o.cache || d.cacheTtlHours === 0) return null;
      const hit = await o.cache
        .get(domain)
        .catch((err: unknown) => (log.warn({ err, domain }, 'discovery: cache read failed'), null));
      if (!hit || now().getTime() - hit.verifiedAt.getTime() >= d.cacheTtlHours * 3_600_000) return null;
      const usable = encryptedOnly(hit.candidate);
      return usable ? { ...hit, candidate: usable } : null;
    },
    checkOnly: async (c: Candidate, signal: AbortSignal): Promise<Verdict<Checked>> => {
      const t = await check(c);
      if (c.guessed && !(await probe(t.imap, c.imap.port, d.loginTimeoutMs, signal)))
        return { ok: false, error: new Error(`${c.imap.host}:${c.imap.port} does not answer`) };
      return { ok: true, value: t };
    },
    login:
      (password: string) =>
      async (c: Candidate): Promise<Verdict<Checked>> => {
        const t = await check(c);
        const server = { ...c.imap, address: t.imap.address };
        const client = await login({ login: expandTemplate(c.usernameTemplate, email), password, server }, tls);
        return { ok: true, value: { ...t, client } };
      },
    race(
      verify: (c: Candidate, signal: AbortSignal) => Promise<Verdict<Checked>>,
    ): Promise<RaceResult<Candidate, Checked>> {
      // plain-text servers are never used, whichever source names them
      const sources: RaceSource<Candidate>[] = discoverySources(ctx).map((s) => ({
        ...s,
        run: (signal) => s.run(signal).then((cs) => cs.flatMap((c) => encryptedOnly(c) ?? [])),
      }));
      return raceCandidates({
        sources,
        verify,
        verifyTimeoutMs: d.loginTimeoutMs,
        key: (c) => `${c.imap.host}:${c.imap.port}:${c.imap.tls}:${c.usernameTemplate}`,
        dispose: (v) => release(v.client),
      }).then((r) => {
        for (const e of r.sourceErrors)
          log.debug({ domain, source: e.source, err: String(e.error) }, 'discovery: source gave nothing');
        for (const f of r.failures)
          log.info(
            {
              domain,
              source: f.source,
              server: `${f.candidate.imap.host}:${f.candidate.imap.port}`,
              err: String(f.error),
            },
            'discovery: candidate refused',
          );
        return r;
      });
    },
    close() {
      dns.cancel?.();
    },
  };
}

function resolved(
  c: Candidate,
  checked: Checked,
  source: DiscoverySource,
  email: string,
  run: { log: Logger },
): ResolvedServers {
  release(checked.client);
  const imap = { ...c.imap, address: checked.imap.address };
  // a source without SMTP: submission with STARTTLS on the IMAP host is the most common layout
  const smtp =
    c.smtp && checked.smtp
      ? { ...c.smtp, address: checked.smtp.address }
      : { host: c.imap.host, port: 587, tls: 'starttls' as const, address: checked.imap.address };
  run.log.info(
    { source, imap: `${imap.host}:${imap.port}`, smtp: `${smtp.host}:${smtp.port}` },
    'discovery: servers resolved',
  );
  return { imap, smtp, login: expandTemplate(c.usernameTemplate, email), source, provider: c.provider };
}

// the winner's probe connection is not reused: sign-in logs in again on the servers it was given
function release(client: LoggedIn | undefined): void {
  if (client) void client.logout().catch(() => client.close());
}

/** The most useful error when no candidate accepted the login; null = nothing was found at all. */
function failure(race: RaceResult<Candidate, Checked>): Error | null {
  const provider = race.failures.find((f) => f.candidate.provider)?.candidate.provider ?? null;
  const errors = race.failures.map((f) => f.error);
  const rejected = errors.find((e) => isAppError(e) && e.code === 'auth.invalid_credentials');
  if (rejected) return explain(rejected as Error, provider);
  if (provider) return autoconfigErrors.providerRequiresAppPassword(provider);
  const unreachable = errors.find((e): e is AppError => isAppError(e) && e.code === 'mail.server_unreachable');
  // only guessed names failed: the domain may simply have no IMAP (sign-in then asks POP3 discovery)
  if (unreachable)
    return race.failures.every((f) => f.candidate.guessed) ? new OnlyGuessesFailed(unreachable) : unreachable;
  const forbidden = errors.find((e): e is ForbiddenTargetError => e instanceof ForbiddenTargetError);
  if (forbidden) return autoconfigErrors.serverNotAllowed(forbidden.host);
  return null;
}

/**
 * mail.server_unreachable when every IMAP candidate that failed was a guess (imap./mail. on the guess ports): it says
 * as much as "nothing found", so sign-in tries POP3 discovery before answering it.
 */
export class OnlyGuessesFailed extends AppError {
  constructor(cause: AppError) {
    super(cause.statusCode, cause.code, cause.message, cause.extra);
  }
}

// a refused password at a provider's server: the app-password hint, still counted as a rejected credential
const explain = (err: Error, provider: MailProvider | null): Error =>
  provider ? autoconfigErrors.providerRequiresAppPassword(provider, true) : err;

function describe(
  email: string,
  source: DiscoverySource,
  c: Pick<Candidate, 'imap' | 'smtp' | 'usernameTemplate' | 'passwordWorks' | 'provider'>,
): AutoconfigResult {
  const username = expandTemplate(c.usernameTemplate, email);
  const info = (e: ServerEndpoint) => ({ host: e.host, port: e.port, security: e.tls, username });
  return {
    email,
    found: true,
    source,
    incoming: info(c.imap),
    outgoing: c.smtp ? info(c.smtp) : null,
    passwordWorks: c.passwordWorks,
    provider: c.provider,
  };
}

/** The address's domain, refused with auth.domain_not_allowed when SIGNIN_ALLOWED_DOMAINS does not list it. */
export function domainOf(email: string, settings: Pick<Config, 'signInAllowedDomains'>): string {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const allowed = settings.signInAllowedDomains;
  if (allowed && !hostListed(allowed, domain)) throw autoconfigErrors.domainNotAllowed(domain);
  return domain;
}

/** The resolver discovery and the guard use: DISCOVERY_DNS_SERVERS, or the system's. */
export function systemResolver(servers: string[], timeoutMs: number): Resolver {
  const r = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers.length) r.setServers(servers);
  return r;
}
