/** How a connection is secured: implicit TLS, STARTTLS (required), or none (loopback/dev only). */
export type TlsMode = 'tls' | 'starttls' | 'none';

export interface ServerEndpoint {
  host: string;
  port: number;
  tls: TlsMode;
  /** the IP the SSRF guard checked (core/net): connect here, and use `host` only for TLS SNI and certificates */
  address?: string;
}

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

/** `host:port` for messages such as mail.server_unreachable. */
export const describeEndpoint = (e: ServerEndpoint): string => `${e.host}:${e.port}`;
