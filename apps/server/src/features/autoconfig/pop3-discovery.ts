import type { DiscoverySource } from '@pigeon/shared';
import { isAppError } from '../../core/app-error.ts';
import { checkTarget, ForbiddenTargetError, type CheckedTarget, type NetPolicy } from '../../core/net/guard.ts';
import { canConnect } from '../../core/net/tcp-probe.ts';
import type { TlsSettings } from '../../imap/connect.ts';
import { Pop3Client, type Pop3Login } from '../../mail/pop3/pop3-client.ts';
import { autoconfigErrors } from './autoconfig.errors.ts';
import { domainOf, systemResolver, type DiscoveryOptions, type DiscoverySettings } from './autoconfig.service.ts';
import { raceCandidates, type RaceResult, type RaceSource, type Verdict } from './discovery-race.ts';
import {
  autoconfigDocument,
  guessSmtp,
  ispdbDocument,
  srvRecords,
  srvSmtp,
  type SourceContext,
} from './discovery-sources.ts';
import { pop3FromConfig, pop3FromSrv, pop3Guesses, type Pop3Candidate } from './pop3-candidates.ts';
import type { ServerEndpoint } from './server-url.ts';
import { expandTemplate } from './thunderbird-config.ts';

/** What POP3 discovery settled on: servers (with the address the guard checked) and the login name. */
export interface ResolvedPop3Servers {
  pop3: ServerEndpoint;
  smtp: ServerEndpoint;
  login: string;
  source: DiscoverySource;
}

export type Pop3DiscoveryOptions = Omit<DiscoveryOptions, 'cache' | 'io'> & {
  io?: Partial<{
    dns: SourceContext['dns'] & NonNullable<NetPolicy['resolver']> & { cancel?(): void };
    login(l: Pop3Login, tls: TlsSettings): Promise<{ quit(): Promise<void>; close(): void }>;
    canConnect: typeof canConnect;
  }>;
};

const quiet = { debug() {}, info() {}, warn() {} };

/**
 * POP3 discovery, for a domain that offers no IMAP at all (autoconfig `pop3` servers, `_pop3s._tcp`/`_pop3._tcp`
 * SRV, guessing pop./pop3./mail. on 995 then 110 with STLS). The same race and precedence as IMAP discovery
 * (decision 005); plain-text servers are never used. With `password` a candidate counts once it accepts the login.
 * Null when nothing was found; the same errors as resolveMailServers otherwise. Never cached (decision 019).
 */
export async function resolvePop3Servers(
  email: string,
  settings: DiscoverySettings,
  o: Pop3DiscoveryOptions = {},
): Promise<ResolvedPop3Servers | null> {
  const domain = domainOf(email, settings);
  if (!settings.discovery.enabled) return null;
  const d = settings.discovery;
  const dns = o.io?.dns ?? systemResolver(d.dnsServers, d.sourceTimeoutMs);
  const policy: NetPolicy = { allowedHosts: settings.mailAllowedHosts, resolver: dns };
  const probe = o.io?.canConnect ?? canConnect;
  const login = o.io?.login ?? ((l: Pop3Login, t: TlsSettings) => Pop3Client.connect(l, t));
  const tls: TlsSettings = {
    caFile: settings.mailTlsCaFile,
    rejectUnauthorized: settings.mailTlsRejectUnauthorized,
    connectTimeoutMs: d.loginTimeoutMs,
  };
  const log = o.log ?? quiet;
  const ctx: SourceContext = { email, domain, settings: d, policy, dns, log, canConnect: probe };
  type Checked = { pop3: CheckedTarget; smtp: CheckedTarget | null };

  const check = async (c: Pop3Candidate): Promise<Checked> => ({
    pop3: await checkTarget(c.pop3.host, policy, 'mail'),
    smtp: c.smtp ? await checkTarget(c.smtp.host, policy, 'mail') : null,
  });
  const verify = async (c: Pop3Candidate, signal: AbortSignal): Promise<Verdict<Checked>> => {
    const t = await check(c);
    if (o.password === undefined) {
      if (c.guessed && !(await probe(t.pop3, c.pop3.port, d.loginTimeoutMs, signal)))
        return { ok: false, error: new Error(`${c.pop3.host}:${c.pop3.port} does not answer`) };
      return { ok: true, value: t };
    }
    const client = await login(
      {
        login: expandTemplate(c.usernameTemplate, email),
        password: o.password,
        server: { ...c.pop3, address: t.pop3.address },
      },
      tls,
    );
    await client.quit().catch(() => client.close());
    return { ok: true, value: t };
  };

  try {
    const race = await raceCandidates<Pop3Candidate, Checked>({
      sources: pop3Sources(ctx),
      verify,
      verifyTimeoutMs: d.loginTimeoutMs,
      key: (c) => `${c.pop3.host}:${c.pop3.port}:${c.pop3.tls}:${c.usernameTemplate}`,
    });
    for (const f of race.failures)
      log.info(
        { domain, source: f.source, server: `${f.candidate.pop3.host}:${f.candidate.pop3.port}`, err: String(f.error) },
        'pop3 discovery: candidate refused',
      );
    if (race.winner) return resolved(race.winner.candidate, race.winner.value, email);
    const err = failure(race);
    if (err) throw err;
    return null;
  } finally {
    dns.cancel?.();
  }
}

/** The sources in precedence order; every one keeps only TLS or STLS servers. */
export function pop3Sources(ctx: SourceContext): RaceSource<Pop3Candidate>[] {
  const timeoutMs = ctx.settings.sourceTimeoutMs;
  return [
    {
      name: 'autoconfig',
      timeoutMs,
      run: async (signal) => {
        const config = await autoconfigDocument(ctx, ctx.domain, signal);
        return config ? pop3FromConfig(config, ctx.email, 'autoconfig') : [];
      },
    },
    {
      name: 'ispdb',
      timeoutMs,
      run: async (signal) => {
        const config = await ispdbDocument(ctx, ctx.domain, signal);
        return config ? pop3FromConfig(config, ctx.email, 'ispdb') : [];
      },
    },
    {
      name: 'srv',
      timeoutMs,
      run: async () => {
        const [pop3s, pop3, smtp] = await Promise.all([
          srvRecords(ctx, 'pop3s'),
          srvRecords(ctx, 'pop3'),
          srvSmtp(ctx),
        ]);
        return pop3FromSrv(pop3s, pop3, smtp);
      },
    },
    {
      name: 'guess',
      timeoutMs,
      run: async (signal) => pop3Guesses(ctx.domain, ctx.settings.guessPorts, await guessSmtp(ctx, signal)),
    },
  ];
}

function resolved(
  c: Pop3Candidate,
  t: { pop3: CheckedTarget; smtp: CheckedTarget | null },
  email: string,
): ResolvedPop3Servers {
  const pop3 = { ...c.pop3, address: t.pop3.address };
  // a source without SMTP: submission with STARTTLS on the POP3 host, as for IMAP
  const smtp =
    c.smtp && t.smtp
      ? { ...c.smtp, address: t.smtp.address }
      : { host: c.pop3.host, port: 587, tls: 'starttls' as const, address: t.pop3.address };
  return { pop3, smtp, login: expandTemplate(c.usernameTemplate, email), source: c.source };
}

function failure(race: RaceResult<Pop3Candidate, unknown>): Error | null {
  const errors = race.failures.map((f) => f.error);
  const rejected = errors.find((e) => isAppError(e) && e.code === 'auth.invalid_credentials');
  if (rejected) return rejected as Error;
  // a guess that does not answer is "nothing found", not an unreachable server
  const unreachable = race.failures.find(
    (f) => !f.candidate.guessed && isAppError(f.error) && f.error.code === 'mail.server_unreachable',
  );
  if (unreachable) return unreachable.error as Error;
  const forbidden = race.failures.find((f) => !f.candidate.guessed && f.error instanceof ForbiddenTargetError);
  if (forbidden) return autoconfigErrors.serverNotAllowed((forbidden.error as ForbiddenTargetError).host);
  return null;
}
