import { readFileSync } from 'node:fs';
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { AppError } from '../core/app-error.ts';
import { describeEndpoint, type ServerEndpoint } from '../core/net/server-endpoint.ts';
import { isCredentialRefusal } from './imap-errors.ts';

export interface TlsSettings {
  caFile: string | null;
  rejectUnauthorized: boolean;
  connectTimeoutMs: number;
}

export interface ImapLogin {
  login: string;
  password: string;
  server: ServerEndpoint;
  /** the browser's address, sent in IMAP ID as x-originating-ip so the server's auth penalty and logs see the person */
  clientIp?: string;
}

/** Node TLS options for a mail server: the admin's extra CA (if any) and certificate checking. */
export function tlsOptions(tls: TlsSettings, host: string) {
  return {
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(tls.caFile ? { ca: readFileSync(tls.caFile) } : {}),
    // an IP literal cannot be an SNI name; the certificate is then checked against the IP
    ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
    minVersion: 'TLSv1.2' as const,
  };
}

/** What a client may add: a watcher's IDLE restart, the size bounds of what the server may send. */
export type ImapExtraOptions = Pick<
  ImapFlowOptions,
  'maxIdleTime' | 'maxLiteralSize' | 'maxResponseSize' | 'maxLineLength'
>;

/** The size bounds for one literal and one response (a line without literals is bounded like a response). */
export const imapSizeLimits = (maxLiteralBytes: number, maxResponseBytes: number): ImapExtraOptions => ({
  maxLiteralSize: maxLiteralBytes,
  maxResponseSize: maxResponseBytes,
  maxLineLength: maxResponseBytes,
});

/** Builds (does not connect) an imapflow client for the given login; `extra` for a watcher's IDLE restart and size bounds. */
export function createImapClient(l: ImapLogin, tls: TlsSettings, extra: ImapExtraOptions = {}): ImapFlow {
  return new ImapFlow({
    // connect to the address the network guard approved (DNS rebinding); the name stays for TLS checks
    host: l.server.address ?? l.server.host,
    port: l.server.port,
    secure: l.server.tls === 'tls',
    doSTARTTLS: l.server.tls === 'starttls' ? true : l.server.tls === 'none' ? false : undefined,
    auth: { user: l.login, pass: l.password },
    tls: tlsOptions(tls, l.server.host),
    logger: false,
    connectionTimeout: tls.connectTimeoutMs,
    greetingTimeout: tls.connectTimeoutMs,
    socketTimeout: 5 * 60_000,
    disableAutoIdle: true,
    // expunges arrive as VANISHED with UIDs, and FETCH CHANGEDSINCE can report them (resync by difference)
    qresync: true,
    clientInfo: { name: 'Pigeon', ...(l.clientIp ? { 'x-originating-ip': l.clientIp } : {}) },
    ...extra,
  });
}

/** Connects and logs in; maps failures to auth.invalid_credentials (401) or mail.server_unreachable (502). */
export async function connectImap(l: ImapLogin, tls: TlsSettings, extra: ImapExtraOptions = {}): Promise<ImapFlow> {
  const client = createImapClient(l, tls, extra);
  client.on('error', () => {}); // surfaced through connect()/commands; an unhandled 'error' would crash the process
  try {
    await client.connect();
    return client;
  } catch (err) {
    client.close();
    throw classifyImapError(err, l.server);
  }
}

/** Logs out politely but never waits past `timeoutMs` (a dead server must not hold up a close), then drops the socket. */
export async function logoutWithin(
  client: { logout(): Promise<unknown>; close(): void },
  timeoutMs: number,
  onError?: (code: string | undefined) => void,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.logout(),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
  } catch (err) {
    onError?.((err as { code?: string }).code);
  } finally {
    clearTimeout(timer);
    client.close();
  }
}

/** A refused password is 401; a temporary refusal ([UNAVAILABLE] while the server restarts) or anything else is unreachable. */
export function classifyImapError(err: unknown, server: ServerEndpoint): AppError {
  const e = err as { code?: string; serverResponseCode?: string } | null;
  if (isCredentialRefusal(err))
    return new AppError(401, 'auth.invalid_credentials', 'The email address or password is not correct.');
  const where = describeEndpoint(server);
  return new AppError(
    502,
    'mail.server_unreachable',
    `Could not reach the mail server ${where}${e?.code ? ` (${e.code})` : e?.serverResponseCode ? ` (${e.serverResponseCode})` : ''}.`,
    {
      details: { server: where },
    },
  );
}
