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

/** Sends a ready-made message with the user's own login; rejects with nodemailer's error (see retry.ts). */
export type SendRaw = (
  account: MailAccount,
  envelope: { from: string; to: string[] },
  raw: Buffer,
) => Promise<SmtpAccepted>;

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
  return async (account, envelope, raw) => {
    const transport = nodemailer.createTransport({
      ...connection(account.smtp, tls),
      auth: { user: account.login, pass: account.password },
      logger: false,
    });
    try {
      const info = await transport.sendMail({ envelope, raw });
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
