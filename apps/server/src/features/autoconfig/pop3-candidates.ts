import type { DiscoverySource } from '@pigeon/shared';
import { providerOfHost } from './providers.ts';
import type { ServerEndpoint } from './server-url.ts';
import { acceptsPassword, expandTemplate, type ThunderbirdConfig } from './thunderbird-config.ts';

/** A POP3 server that may serve an address (used only when the domain offers no IMAP at all). */
export interface Pop3Candidate {
  source: DiscoverySource;
  pop3: ServerEndpoint;
  smtp: ServerEndpoint | null;
  usernameTemplate: string;
  passwordWorks: boolean;
  /** a guess counts as found only once its port answers */
  guessed?: boolean;
}

export interface SrvRecord {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

/** The config's POP3 servers in its order; never one without TLS. */
export function pop3FromConfig(config: ThunderbirdConfig, email: string, source: DiscoverySource): Pop3Candidate[] {
  const host = (t: string) => expandTemplate(t, email).toLowerCase();
  const outgoing = config.outgoing.filter((s) => s.tls !== 'none');
  const out = outgoing.find(acceptsPassword) ?? outgoing[0];
  const smtp = out ? { host: host(out.hostTemplate), port: out.port, tls: out.tls } : null;
  return config.incoming
    .filter((s) => s.protocol === 'pop3' && s.tls !== 'none')
    .map((s) => {
      const pop3 = { host: host(s.hostTemplate), port: s.port, tls: s.tls };
      return {
        source,
        pop3,
        smtp,
        usernameTemplate: s.usernameTemplate,
        passwordWorks: acceptsPassword(s) && !providerOfHost(pop3.host),
      };
    });
}

/** RFC 6186 `_pop3s._tcp` (implicit TLS, first) and `_pop3._tcp` (STLS); a target of "." means "not offered". */
export function pop3FromSrv(pop3s: SrvRecord[], pop3: SrvRecord[], smtp: ServerEndpoint | null): Pop3Candidate[] {
  const usable = (rs: SrvRecord[]) =>
    rs.filter((r) => r.name && r.name !== '.').sort((a, b) => a.priority - b.priority || b.weight - a.weight);
  const endpoint = (r: SrvRecord, tls: 'tls' | 'starttls'): ServerEndpoint => ({
    host: r.name.toLowerCase().replace(/\.$/, ''),
    port: r.port,
    tls,
  });
  return [...usable(pop3s).map((r) => endpoint(r, 'tls')), ...usable(pop3).map((r) => endpoint(r, 'starttls'))].map(
    (e) => ({
      source: 'srv',
      pop3: e,
      smtp,
      usernameTemplate: '%EMAILADDRESS%',
      passwordWorks: !providerOfHost(e.host),
    }),
  );
}

/** pop., pop3. and mail. on the implicit-TLS port first, then the same names with STLS. */
export function pop3Guesses(
  domain: string,
  ports: { pop3s: number; pop3: number },
  smtp: ServerEndpoint | null,
): Pop3Candidate[] {
  const names = ['pop', 'pop3', 'mail'].map((n) => `${n}.${domain}`);
  const endpoints: ServerEndpoint[] = [
    ...names.map((host) => ({ host, port: ports.pop3s, tls: 'tls' as const })),
    ...names.map((host) => ({ host, port: ports.pop3, tls: 'starttls' as const })),
  ];
  return endpoints.map((pop3) => ({
    source: 'guess',
    pop3,
    smtp,
    usernameTemplate: '%EMAILADDRESS%',
    passwordWorks: true,
    guessed: true,
  }));
}
