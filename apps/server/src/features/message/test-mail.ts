// Test-only stand-in for @pigeon/mail-fixture (same names) until that package lands; talks to the running fixture.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { mailFixture } from '@pigeon/mail-fixture';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../../../../..');
// the running fixture's coordinates (PIGEON_MAIL_DIR / PIGEON_MAIL_PORT_OFFSET), never a hard-coded port
export const fixture = { host: mailFixture.host, imapPort: mailFixture.ports.imap, caPath: mailFixture.caPath };

export interface MailUser {
  email: string;
  password: string;
}

/** A fresh mailbox user on the fixture (its own store: nothing to clean up). */
export async function createUser(prefix = 't'): Promise<MailUser> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  const { stdout } = await run('bash', [path.join(repoRoot, 'scripts/mail/add-user.sh'), name]);
  const [email, password] = stdout.trim().split(/\s+/);
  if (!email || !password) throw new Error(`add-user.sh printed ${stdout}`);
  return { email, password };
}

/** A plain ImapFlow logged in as `user` (STARTTLS with the fixture's CA), to check what Pigeon did. */
export async function imapClient(user: MailUser): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: fixture.host,
    port: fixture.imapPort,
    secure: false,
    doSTARTTLS: true,
    auth: { user: user.email, pass: user.password },
    tls: { ca: readFileSync(fixture.caPath), servername: 'localhost' },
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** RFC 5322 bytes built by nodemailer (attachments, RFC 2231 names, ...). */
export async function buildMessage(mail: Mail.Options): Promise<Buffer> {
  return new MailComposer({ from: 'Sender <sender@example.com>', ...mail }).compile().build();
}

/** APPENDs and returns the new UID. */
export async function appendMessage(
  client: ImapFlow,
  mailbox: string,
  raw: string | Buffer,
  flags: string[] = [],
): Promise<number> {
  const res = await client.append(mailbox, raw, flags);
  if (!res || !res.uid) throw new Error(`APPEND to ${mailbox} failed`);
  return res.uid;
}

/** Flags of one message, as another client sees them. */
export async function flagsOf(client: ImapFlow, mailbox: string, uid: number): Promise<string[]> {
  const lock = await client.getMailboxLock(mailbox);
  try {
    await client.noop(); // see other clients' changes
    const msg = await client.fetchOne(String(uid), { flags: true }, { uid: true });
    return msg ? [...(msg.flags ?? [])].sort() : [];
  } finally {
    lock.release();
  }
}

/** Subjects in a folder, oldest first. */
export async function subjectsIn(client: ImapFlow, mailbox: string): Promise<string[]> {
  const lock = await client.getMailboxLock(mailbox);
  try {
    await client.noop();
    if (!client.mailbox || client.mailbox.exists === 0) return [];
    return (await client.fetchAll('1:*', { envelope: true })).map((m) => m.envelope?.subject ?? '');
  } finally {
    lock.release();
  }
}
