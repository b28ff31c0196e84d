// Incoming mail the way it really arrives: SMTP to Postfix's MX port, then LMTP into Dovecot.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { mailFixture } from './config.ts';

export interface DeliverOptions {
  /** an existing @school.test address (others are refused at RCPT) */
  to: string;
  from?: string;
  subject?: string;
  text?: string;
  html?: string;
  attachments?: { filename: string; content: string | Buffer; contentType?: string }[];
  /** a ready-made RFC 5322 message; sent as is (a Message-ID is added if it has none) */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

const DEFAULT_FROM = 'Pigeon Fixture <sender@example.com>';

/** Resolves once Postfix has queued the message (250); Dovecot stores it ~10-30 ms later, so poll for it. */
export async function deliver(opts: DeliverOptions): Promise<{ messageId: string }> {
  const transport = nodemailer.createTransport({
    host: mailFixture.host,
    port: mailFixture.ports.smtp,
    secure: false,
    tls: { ca: readFileSync(mailFixture.caPath) },
    connectionTimeout: 10_000,
  });
  try {
    if (opts.raw !== undefined) {
      const { raw, messageId } = withMessageId(opts.raw);
      await transport.sendMail({ envelope: { from: opts.from ?? DEFAULT_FROM, to: opts.to }, raw });
      return { messageId };
    }
    const info = await transport.sendMail({
      from: opts.from ?? DEFAULT_FROM,
      to: opts.to,
      subject: opts.subject ?? 'Test message',
      text: opts.text ?? (opts.html ? undefined : 'Sent by @pigeon/mail-fixture.'),
      html: opts.html,
      attachments: opts.attachments,
      headers: opts.headers,
    });
    return { messageId: info.messageId };
  } finally {
    transport.close();
  }
}

// the caller needs the Message-ID to find the message again, so a raw message without one gets one
function withMessageId(raw: string | Buffer): { raw: string | Buffer; messageId: string } {
  const text = raw.toString('utf8');
  const headerEnd = text.search(/\r?\n\r?\n/);
  const header = headerEnd === -1 ? text : text.slice(0, headerEnd);
  const found = /^message-id:\s*(<[^>\r\n]+>)/im.exec(header)?.[1];
  if (found) return { raw, messageId: found };
  const messageId = `<fixture.${Date.now()}.${randomBytes(6).toString('hex')}@example.com>`;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const prefix = `Message-ID: ${messageId}${eol}`;
  return { raw: typeof raw === 'string' ? prefix + raw : Buffer.concat([Buffer.from(prefix), raw]), messageId };
}
