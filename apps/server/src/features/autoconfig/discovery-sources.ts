import type { FastifyBaseLogger } from 'fastify';
import type { DiscoverySource, MailProvider } from '@pigeon/shared';
import type { DiscoveryConfig } from '../../config.ts';
import { checkTarget, type CheckedTarget, type NetPolicy } from '../../core/net/guard.ts';
import { safeFetchText } from '../../core/net/safe-fetch.ts';
import { withoutQuery } from '../../core/logging.plugin.ts';
import type { RaceSource } from './discovery-race.ts';
import { PROVIDER_SERVERS, providerOfHost, registeredDomain } from './providers.ts';
import type { ServerEndpoint } from './server-url.ts';
import {
  acceptsPassword,
  expandTemplate,
  parseThunderbirdConfig,
  type ThunderbirdConfig,
} from './thunderbird-config.ts';

/** One possible answer to "which servers serve this address"; hosts are names, not yet checked. */
export interface Candidate {
  source: DiscoverySource;
  imap: ServerEndpoint;
  /** null when the source named no SMTP server */
  smtp: ServerEndpoint | null;
  usernameTemplate: string;
  passwordWorks: boolean;
  provider: MailProvider | null;
  /** a guess counts as found only once its IMAP port answers */
  guessed?: boolean;
}

export interface DiscoveryDns {
  resolveSrv(name: string): Promise<{ name: string; port: number; priority: number; weight: number }[]>;
  resolveMx(name: string): Promise<{ exchange: string; priority: number }[]>;
}

export interface SourceContext {
  email: string;
  domain: string;
  settings: DiscoveryConfig;
  policy: NetPolicy;
  dns: DiscoveryDns;
  log: Pick<FastifyBaseLogger, 'debug' | 'info' | 'warn'>;
  canConnect(target: CheckedTarget, port: number, timeoutMs: number, signal: AbortSignal): Promise<boolean>;
}

/** Steps 3–7 of the chain, in precedence order, each bounded by DISCOVERY_TIMEOUT_MS. */
export function discoverySources(ctx: SourceContext): RaceSource<Candidate>[] {
  const timeoutMs = ctx.settings.sourceTimeoutMs;
  return [
    { name: 'autoconfig', timeoutMs, run: (signal) => fromAutoconfig(ctx, ctx.domain, 'autoconfig', signal) },
    { name: 'ispdb', timeoutMs, run: (signal) => fromIspdb(ctx, ctx.domain, 'ispdb', signal) },
    { name: 'srv', timeoutMs, run: () => fromSrv(ctx) },
    { name: 'mx', timeoutMs, run: (signal) => fromMx(ctx, signal) },
    { name: 'guess', timeoutMs, run: (signal) => fromGuess(ctx, signal) },
  ];
}

/** autoconfig.<domain> first, then <domain>/.well-known; both asked at once. */
export async function fromAutoconfig(
  ctx: SourceContext,
  domain: string,
  source: DiscoverySource,
  signal: AbortSignal,
): Promise<Candidate[]> {
  const config = await autoconfigDocument(ctx, domain, signal);
  return config ? fromConfig(ctx, config, source) : [];
}

/** The domain's own config-v1.1 document (autoconfig.<domain>, then <domain>/.well-known), or null. */
export async function autoconfigDocument(
  ctx: SourceContext,
  domain: string,
  signal: AbortSignal,
): Promise<ThunderbirdConfig | null> {
  const { autoconfigScheme: scheme, autoconfigPort: port } = ctx.settings;
  const origin = (host: string) => `${scheme}://${host}${port ? `:${port}` : ''}`;
  const urls = [
    `${origin(`autoconfig.${domain}`)}/mail/config-v1.1.xml?emailaddress=${encodeURIComponent(ctx.email)}`,
    `${origin(domain)}/.well-known/autoconfig/mail/config-v1.1.xml`,
  ];
  const configs = await Promise.all(urls.map((url) => fetchConfig(ctx, url, signal)));
  return configs.find((c) => c !== null) ?? null;
}

export async function fromIspdb(
  ctx: SourceContext,
  domain: string,
  source: DiscoverySource,
  signal: AbortSignal,
): Promise<Candidate[]> {
  const config = await ispdbDocument(ctx, domain, signal);
  return config ? fromConfig(ctx, config, source) : [];
}

/** The ISPDB's document for the domain, or null (no DISCOVERY_ISPDB_URL, or nothing there). */
export async function ispdbDocument(
  ctx: SourceContext,
  domain: string,
  signal: AbortSignal,
): Promise<ThunderbirdConfig | null> {
  const base = ctx.settings.ispdbUrl;
  if (!base) return null;
  // the admin chose this URL: its own host is exempt from the address check (redirects are not)
  const trusted = new URL(base).hostname;
  return fetchConfig(ctx, base + encodeURIComponent(domain), signal, trusted);
}

async function fetchConfig(
  ctx: SourceContext,
  url: string,
  signal: AbortSignal,
  trustedHost?: string,
): Promise<ThunderbirdConfig | null> {
  const policy = trustedHost
    ? { ...ctx.policy, allowedHosts: [...(ctx.policy.allowedHosts ?? []), trustedHost] }
    : ctx.policy;
  // the autoconfig URL carries the address (?emailaddress=): logs get the URL without its query
  const logged = withoutQuery(url);
  try {
    const res = await safeFetchText(url, {
      policy,
      timeoutMs: ctx.settings.sourceTimeoutMs,
      signal,
      allowHttp: ctx.settings.autoconfigScheme === 'http' || url.startsWith('http:'),
    });
    if (res.status !== 200) {
      ctx.log.debug({ url: logged, status: res.status }, 'discovery: no config at this URL');
      return null;
    }
    const parsed = parseThunderbirdConfig(res.body);
    if (!parsed.ok) {
      ctx.log.warn({ url: logged, reason: parsed.reason }, 'discovery: config skipped');
      return null;
    }
    if (parsed.skipped.length)
      ctx.log.info({ url: logged, skipped: parsed.skipped }, 'discovery: some servers in the config were skipped');
    return parsed.config;
  } catch (err) {
    if (!signal.aborted) ctx.log.debug({ url: logged, err: (err as Error).message }, 'discovery: config fetch failed');
    return null;
  }
}

function fromConfig(
  ctx: SourceContext,
  config: ThunderbirdConfig,
  source: DiscoverySource,
  provider: MailProvider | null = null,
): Candidate[] {
  const host = (t: string) => expandTemplate(t, ctx.email).toLowerCase();
  // plain-text servers are never used (docs/decisions/013-abuse-limits.md)
  const outgoing = config.outgoing.filter((s) => s.tls !== 'none');
  const out = outgoing.find(acceptsPassword) ?? outgoing[0];
  const smtp = out ? { host: host(out.hostTemplate), port: out.port, tls: out.tls } : null;
  const imaps = config.incoming.filter((s) => s.protocol === 'imap' && s.tls !== 'none');
  if (imaps.length === 0 && config.incoming.length)
    ctx.log.info({ source, domain: ctx.domain }, 'discovery: config offers POP3 only (pop3-discovery.ts)');
  return imaps.map((s) => {
    const imap = { host: host(s.hostTemplate), port: s.port, tls: s.tls };
    const known = provider ?? providerOfHost(imap.host);
    return {
      source,
      imap,
      smtp,
      usernameTemplate: s.usernameTemplate,
      passwordWorks: acceptsPassword(s) && !known,
      provider: known,
    };
  });
}

/** RFC 6186 records, implicit TLS first (RFC 8314); a target of "." means "not offered". */
export async function fromSrv(ctx: SourceContext): Promise<Candidate[]> {
  const lookup = async (service: string) => {
    try {
      const records = await ctx.dns.resolveSrv(`_${service}._tcp.${ctx.domain}`);
      return records
        .filter((r) => r.name && r.name !== '.')
        .sort((a, b) => a.priority - b.priority || b.weight - a.weight);
    } catch {
      return [];
    }
  };
  const [imaps, imap, submissions, submission, pop3s, pop3] = await Promise.all(
    ['imaps', 'imap', 'submissions', 'submission', 'pop3s', 'pop3'].map(lookup),
  );
  const endpoint = (r: { name: string; port: number }, tls: 'tls' | 'starttls'): ServerEndpoint => ({
    host: r.name.toLowerCase().replace(/\.$/, ''),
    port: r.port,
    tls,
  });
  const smtp =
    [...submissions!.map((r) => endpoint(r, 'tls')), ...submission!.map((r) => endpoint(r, 'starttls'))][0] ?? null;
  const imapEndpoints = [...imaps!.map((r) => endpoint(r, 'tls')), ...imap!.map((r) => endpoint(r, 'starttls'))];
  if (imapEndpoints.length === 0 && pop3s!.length + pop3!.length > 0)
    ctx.log.info({ domain: ctx.domain }, 'discovery: SRV offers POP3 only (pop3-discovery.ts)');
  return imapEndpoints.map((e) => {
    const provider = providerOfHost(e.host);
    return { source: 'srv', imap: e, smtp, usernameTemplate: '%EMAILADDRESS%', passwordWorks: !provider, provider };
  });
}

/** The MX host's registered domain (google.com for aspmx.l.google.com): its autoconfig and ISPDB entry, else the provider's known servers. */
export async function fromMx(ctx: SourceContext, signal: AbortSignal): Promise<Candidate[]> {
  const records = (await ctx.dns.resolveMx(ctx.domain))
    .filter((r) => r.exchange && r.exchange !== '.')
    .sort((a, b) => a.priority - b.priority);
  const mx = records[0]?.exchange;
  if (!mx) return [];
  const provider = providerOfHost(mx);
  const domain = registeredDomain(mx);
  if (!domain || domain === ctx.domain) return [];
  const [auto, ispdb] = await Promise.all([
    fromAutoconfig(ctx, domain, 'mx', signal),
    fromIspdb(ctx, domain, 'mx', signal),
  ]);
  const found = [...auto, ...ispdb].map((c) => (provider ? { ...c, provider, passwordWorks: false } : c));
  if (found.length || !provider) return found;
  const known = PROVIDER_SERVERS[provider];
  return [
    {
      source: 'mx',
      imap: known.imap,
      smtp: known.smtp,
      usernameTemplate: '%EMAILADDRESS%',
      passwordWorks: false,
      provider,
    },
  ];
}

/** imap. and mail. (implicit TLS first, then STARTTLS); SMTP is the first of smtp./mail. whose port answers. */
export async function fromGuess(ctx: SourceContext, signal: AbortSignal): Promise<Candidate[]> {
  const d = ctx.domain;
  const p = ctx.settings.guessPorts;
  const smtp = await guessSmtp(ctx, signal);
  const imap: ServerEndpoint[] = [
    { host: `imap.${d}`, port: p.imaps, tls: 'tls' },
    { host: `mail.${d}`, port: p.imaps, tls: 'tls' },
    { host: `imap.${d}`, port: p.imap, tls: 'starttls' },
    { host: `mail.${d}`, port: p.imap, tls: 'starttls' },
  ];
  return imap.map((e) => ({
    source: 'guess',
    imap: e,
    smtp,
    usernameTemplate: '%EMAILADDRESS%',
    passwordWorks: true,
    provider: null,
    guessed: true,
  }));
}

/** The first of smtp./mail. (implicit TLS, then STARTTLS) whose port answers, or null. */
export async function guessSmtp(ctx: SourceContext, signal: AbortSignal): Promise<ServerEndpoint | null> {
  const d = ctx.domain;
  const p = ctx.settings.guessPorts;
  const smtpTries: ServerEndpoint[] = [
    { host: `smtp.${d}`, port: p.smtps, tls: 'tls' },
    { host: `mail.${d}`, port: p.smtps, tls: 'tls' },
    { host: `smtp.${d}`, port: p.smtp, tls: 'starttls' },
    { host: `mail.${d}`, port: p.smtp, tls: 'starttls' },
  ];
  const answers = await Promise.all(
    smtpTries.map(async (e) => {
      try {
        return await ctx.canConnect(
          await checkTarget(e.host, ctx.policy, 'mail'),
          e.port,
          ctx.settings.sourceTimeoutMs / 2,
          signal,
        );
      } catch {
        return false;
      }
    }),
  );
  return smtpTries.find((_, i) => answers[i]) ?? null;
}

/** SMTP from SRV: submissions (implicit TLS) first, then submission (STARTTLS); null when neither is published. */
export async function srvSmtp(ctx: SourceContext): Promise<ServerEndpoint | null> {
  const [tls, starttls] = await Promise.all(['submissions', 'submission'].map((s) => srvRecords(ctx, s)));
  const first = tls![0]
    ? { r: tls![0], tls: 'tls' as const }
    : starttls![0]
      ? { r: starttls![0], tls: 'starttls' as const }
      : null;
  return first ? { host: first.r.name.toLowerCase().replace(/\.$/, ''), port: first.r.port, tls: first.tls } : null;
}

/** `_<service>._tcp.<domain>` records in preference order ("." targets dropped); [] when there are none. */
export async function srvRecords(
  ctx: SourceContext,
  service: string,
): Promise<{ name: string; port: number; priority: number; weight: number }[]> {
  try {
    const records = await ctx.dns.resolveSrv(`_${service}._tcp.${ctx.domain}`);
    return records
      .filter((r) => r.name && r.name !== '.')
      .sort((a, b) => a.priority - b.priority || b.weight - a.weight);
  } catch {
    return [];
  }
}
