/** How a connection is secured: implicit TLS, STARTTLS (required), or none (loopback/dev only). */
export type TlsMode = 'tls' | 'starttls' | 'none';

/** A mail server to connect to (IMAP, POP3 or SMTP). */
export interface ServerEndpoint {
  host: string;
  port: number;
  tls: TlsMode;
  /** the IP the SSRF guard checked (core/net): connect here, and use `host` only for TLS SNI and certificates */
  address?: string;
}

/** `host:port` for messages such as mail.server_unreachable. */
export const describeEndpoint = (e: ServerEndpoint): string => `${e.host}:${e.port}`;
