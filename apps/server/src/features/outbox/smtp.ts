import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import type { MailAccount } from '../../core/auth.types.ts';
import { tlsOptions, type TlsSettings } from '../../imap/connect.ts';
import type { ServerEndpoint } from '../autoconfig/server-url.ts';

/** What SMTP answered for a message it accepted (250 after DATA). */
export interface SmtpAccepted {
  accepted: string[];
  /** recipients refused while others were accepted, with the server's words */
  rejected: { address: string; response: string }[];
}

/**
 * Sends a ready-made message with the user's own login; rejects with nodemailer's error (see retry.ts).
 * `beforeCommit` runs once MAIL, RCPT and DATA are on the wire and the body is handed over, before the end of DATA
 * (the server's commit point) is released; when it rejects, the end of DATA is never sent.
 */
export type SendRaw = (
  account: MailAccount,
  envelope: { from: string; to: string[] },
  raw: Buffer,
  beforeCommit?: () => Promise<void>,
) => Promise<SmtpAccepted>;

/** What the SMTP stream is handed at a time: nodemailer's dot-stuffing of one 18 MB piece held the loop ~0.15 s. */
const SLICE_BYTES = 64 * 1024;

/**
 * The message as a stream of slices that ends (nodemailer then writes `.`) only after `beforeCommit` resolved.
 * The slices are views of `raw`, not copies.
 */
export function gatedMessage(raw: Buffer, beforeCommit: () => Promise<void>): Readable {
  let at = 0;
  let committing = false;
  return new Readable({
    read() {
      if (at < raw.length) {
        const end = Math.min(at + SLICE_BYTES, raw.length);
        this.push(raw.subarray(at, end));
        at = end;
        return;
      }
      // asked for more: the whole body has been taken by the SMTP connection
      if (committing) return;
      committing = true;
      beforeCommit().then(
        () => this.push(null),
        (err: unknown) => this.destroy(err instanceof Error ? err : new Error(String(err))),
      );
    },
  });
}

const connection = (server: ServerEndpoint, tls: TlsSettings) => ({
  // the address the SSRF guard approved at sign-in, when there is one; the name stays for the certificate check
  host: server.address ?? server.host,
  port: server.port,
  secure: server.tls === 'tls',
  requireTLS: server.tls === 'starttls',
  ignoreTLS: server.tls === 'none',
  tls: tlsOptions(tls, server.host),
  connectionTimeout: tls.connectTimeoutMs,
  greetingTimeout: tls.connectTimeoutMs,
  socketTimeout: 120_000,
});

export function createSmtpSender(tls: TlsSettings): SendRaw {
  return async (account, envelope, raw, beforeCommit) => {
    const transport = nodemailer.createTransport({
      ...connection(account.smtp, tls),
      auth: { user: account.login, pass: account.password },
      logger: false,
    });
    try {
      const info = await transport.sendMail({
        envelope,
        raw: gatedMessage(raw, beforeCommit ?? (() => Promise.resolve())),
      });
      const errors = (info as { rejectedErrors?: { recipient?: string; response?: string }[] }).rejectedErrors ?? [];
      return {
        accepted: info.accepted.map(String),
        rejected: (info.rejected as unknown[]).map((r) => {
          const address = typeof r === 'string' ? r : String((r as { address?: string }).address ?? '');
          return { address, response: errors.find((e) => e.recipient === address)?.response ?? '' };
        }),
      };
    } finally {
      transport.close();
    }
  };
}

/** The SIZE an SMTP server advertises in EHLO (0 = none), without logging in. */
export async function smtpSizeLimit(server: ServerEndpoint, tls: TlsSettings): Promise<number> {
  const conn = new SMTPConnection(connection(server, tls));
  try {
    await new Promise<void>((resolve, reject) => {
      conn.once('error', reject);
      conn.connect(() => resolve());
    });
    // nodemailer parses SIZE from EHLO but does not expose it outside custom auth handlers
    return (conn as unknown as { _maxAllowedSize?: number })._maxAllowedSize ?? 0;
  } finally {
    conn.quit();
    conn.close();
  }
}
