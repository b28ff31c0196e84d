// A plain imapflow client: the "second device" that checks or changes what Pigeon shows.
import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { mailFixture } from './config.ts';
import { loginOf, type MailCredentials } from './users.ts';

/** A connected, logged-in ImapFlow (STARTTLS verified with the fixture's CA, logger off, no auto-IDLE). */
export async function imapClient(user: MailCredentials): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: mailFixture.host,
    port: mailFixture.ports.imap,
    secure: false,
    doSTARTTLS: true,
    auth: { user: loginOf(user), pass: user.password },
    tls: { ca: readFileSync(mailFixture.caPath) },
    logger: false,
    // tests call idle() themselves when they want push; no background IDLE between commands
    disableAutoIdle: true,
  });
  // a dropped socket (e.g. stopDovecot) must not crash the test runner; pending calls still reject
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** APPENDs one RFC 5322 message (creating nothing: the mailbox must exist) and resolves with its UID. */
export async function appendMessage(
  user: MailCredentials,
  mailbox: string,
  raw: string | Buffer,
  flags: string[] = [],
): Promise<{ uid: number }> {
  const client = await imapClient(user);
  try {
    const res = await client.append(mailbox, raw, flags);
    if (!res || !res.uid) throw new Error(`APPEND to "${mailbox}" returned no UID`);
    return { uid: res.uid };
  } finally {
    await client.logout().catch(() => client.close());
  }
}
