import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ComposeDraft } from '@pigeon/shared';
import { createUser, imapClient, type MailUser } from '@pigeon/mail-fixture';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import { queue, waitForState } from '../../../test/compose-helpers.ts';
import { hugeMessage } from '../message/hostile-mail.ts';
import type { SendStep } from './outbox.worker.ts';

// Issue 9, "no message can stall the process": an 18 MB message forwarded as an attachment is stored, read back and
// sent in chunks (decision 010, round 9), so another user's request is answered while it is on its way, and what
// Sent holds is exactly what was stored.

const MiB = 1024 * 1024;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let t: TestApp;
let alice: MailUser;
let carol: MailUser;
let sender: SignedIn;
let other: SignedIn;
let sourceUid: number;

beforeAll(async () => {
  [alice, carol] = await Promise.all([createUser('large-a', { quota: '1G' }), createUser('large-c')]);
  const imap = await imapClient(alice);
  try {
    sourceUid = ((await imap.append('INBOX', hugeMessage(18 * MiB))) as { uid: number }).uid;
  } finally {
    await imap.logout();
  }
  t = await buildTestApp({ sendUndoSeconds: 0 });
  [sender, other] = await Promise.all([
    signIn(t.app, alice.email, alice.password),
    signIn(t.app, carol.email, carol.password),
  ]);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

/** The whole source of the message with `messageId` in `folder` of `user`. */
async function source(user: MailUser, folder: string, messageId: string): Promise<Buffer> {
  const client = await imapClient(user);
  try {
    const lock = await client.getMailboxLock(folder);
    try {
      const [uid] = (await client.search({ header: { 'message-id': messageId } }, { uid: true })) || [];
      const msg = uid ? await client.fetchOne(String(uid), { source: true }, { uid: true }) : false;
      if (!msg || !msg.source) throw new Error(`${messageId} is not in ${folder}`);
      return msg.source;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

describe('outbox: a large message', () => {
  it('an 18 MB forward: another user is answered before it is handed to SMTP, and Sent holds the stored bytes', async () => {
    const events: string[] = [];
    let answered: Promise<void> | undefined;
    t.app.outbox.hooks.step = (step: SendStep) => {
      events.push(step);
      // the worker took the row and is about to read the message from the database and send it
      if (step === 'claimed')
        answered = t.app
          .inject({ method: 'GET', url: apiRoutes.outbox(other.accountId), headers: other.headers })
          .then((res) => void events.push(`other user ${res.statusCode}`));
    };
    try {
      const pre = await t.app.inject({
        method: 'POST',
        url: apiRoutes.composePrefill(sender.accountId),
        headers: sender.headers,
        payload: { mode: 'forwardAttachment', path: 'INBOX', uid: sourceUid },
      });
      expect(pre.statusCode).toBe(200);
      const draft: ComposeDraft = { ...pre.json<ComposeDraft>(), to: [{ name: '', address: alice.email }] };
      const item = await queue(t.app, sender, draft);
      await waitForState(t.app, sender, item.id, 'sent', 120_000);
      await answered;

      expect(events.indexOf('other user 200')).toBeGreaterThan(events.indexOf('claimed'));
      expect(events.indexOf('other user 200')).toBeLessThan(events.indexOf('committing'));

      const stored = await t.app.db.outboxMessage.findUniqueOrThrow({
        where: { id: item.id },
        select: { rawSize: true, rawSha256: true },
      });
      expect(stored.rawSize).toBeGreaterThan(18 * MiB);
      const sent = await source(alice, 'Sent', item.messageId);
      expect(sent.length).toBe(stored.rawSize);
      expect(sha256(sent)).toBe(stored.rawSha256);
      // what SMTP delivered is the same message (no Bcc here), after the headers Postfix and Dovecot put on top
      const delivered = await source(alice, 'INBOX', item.messageId);
      expect(sha256(delivered.subarray(delivered.length - sent.length))).toBe(stored.rawSha256);
      // once sent, the chunks are gone
      expect(await t.app.db.outboxChunk.count({ where: { outboxId: item.id } })).toBe(0);
    } finally {
      t.app.outbox.hooks.step = undefined;
    }
  }, 180_000);
});
