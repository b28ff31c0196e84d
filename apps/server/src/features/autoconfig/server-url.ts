import type { ServerEndpoint, TlsMode } from '../../core/net/server-endpoint.ts';

export type { ServerEndpoint, TlsMode } from '../../core/net/server-endpoint.ts';
export { describeEndpoint } from '../../core/net/server-endpoint.ts';

const SCHEMES: Record<'imap' | 'smtp', Record<string, { tls: TlsMode; port: number }>> = {
  imap: {
    'imaps:': { tls: 'tls', port: 993 },
    'imap:': { tls: 'starttls', port: 143 },
    'imap+plain:': { tls: 'none', port: 143 },
  },
  smtp: {
    'smtps:': { tls: 'tls', port: 465 },
    'smtp:': { tls: 'starttls', port: 587 },
    'smtp+plain:': { tls: 'none', port: 25 },
  },
};

/** Parses `imaps://host:993` style URLs (scheme carries the TLS mode); null when malformed. */
export function parseServerUrl(raw: string, kind: 'imap' | 'smtp'): ServerEndpoint | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return null;
  }
  const scheme = SCHEMES[kind][u.protocol];
  if (!scheme || !u.hostname || u.username || u.password || (u.pathname && u.pathname !== '/') || u.search) return null;
  const port = u.port ? Number(u.port) : scheme.port;
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port, tls: scheme.tls };
}
