import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ComposeDraft } from '@pigeon/shared';
import { createUser, startPostfix, stopPostfix, type MailUser } from '@pigeon/mail-fixture';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import { createOutboxRepository } from './outbox.repository.ts';
import {
  draftTo,
  findByMessageId,
  outboxItem,
  queue,
  waitFor,
  waitForMessage,
  waitForState,
} from '../../../test/compose-helpers.ts';

let t: TestApp;
let alice: MailUser;
let bob: MailUser;
let me: SignedIn;
let headers: Record<string, string>;
let accountId: string;

beforeAll(async () => {
  [alice, bob] = await Promise.all([createUser('outbox-a'), createUser('outbox-b')]);
  t = await buildTestApp({ sendUndoSeconds: 0 });
  me = await signIn(t.app, alice.email, alice.password);
  ({ headers, accountId } = me);
});

afterAll(async () => {
  await startPostfix();
  await t?.close();
});

describe('outbox', () => {
  it('undo within the delay brings the draft back and nothing is sent', async () => {
    const slow = await buildTestApp({ sendUndoSeconds: 30 });
    try {
      const who = await signIn(slow.app, alice.email, alice.password);
      const h = who.headers;
      const draft = draftTo(bob.email, { subject: 'Oops, not yet' });
      const item = await queue(slow.app, who, draft);
      expect(item.state).toBe('scheduled');
      const undo = await slow.app.inject({
        method: 'DELETE',
        url: apiRoutes.outboxItem(who.accountId, item.id),
        headers: h,
      });
      expect(undo.statusCode).toBe(200);
      expect(undo.json<ComposeDraft>()).toMatchObject({
        draftId: draft.draftId,
        subject: 'Oops, not yet',
        to: draft.to,
      });
      expect(await outboxItem(slow.app, who, item.id)).toBeUndefined();
      const again = await slow.app.inject({
        method: 'DELETE',
        url: apiRoutes.outboxItem(who.accountId, item.id),
        headers: h,
      });
      expect(again.json().error.code).toBe('outbox.not_found');
    } finally {
      await slow.close();
    }
  });

  it('Postfix stopped: the message waits in the outbox and is delivered exactly once after Postfix starts', async () => {
    await stopPostfix();
    let item;
    try {
      item = await queue(t.app, me, draftTo(bob.email, { subject: 'Through the outage' }));
      const waiting = await waitForState(t.app, me, item.id, 'retrying');
      expect(waiting.error?.code).toBe('mail.server_unreachable');
      expect(waiting.attempts).toBeGreaterThanOrEqual(1);
    } finally {
      await startPostfix();
    }
    const sent = await waitForState(t.app, me, item.id, 'sent', 60_000);
    expect(sent.error).toBeNull();
    await waitForMessage(bob, 'INBOX', item.messageId);
    expect(await findByMessageId(alice, 'Sent', item.messageId)).toHaveLength(1);
    expect(await findByMessageId(bob, 'INBOX', item.messageId)).toHaveLength(1);
  });

  it('a rejected recipient: a clear error with the server’s reason, and the message kept and editable', async () => {
    const nobody = `nobody-${Date.now()}@school.test`;
    const item = await queue(t.app, me, draftTo(nobody, { subject: 'To nobody' }));
    const failed = await waitForState(t.app, me, item.id, 'failed');
    expect(failed.error?.code).toBe('compose.recipient_rejected');
    expect(failed.error?.message).toMatch(/5\.1\.1/);
    expect(failed.error?.message).toContain(nobody);
    const edit = await t.app.inject({ method: 'DELETE', url: apiRoutes.outboxItem(accountId, item.id), headers });
    expect(edit.json<ComposeDraft>()).toMatchObject({ subject: 'To nobody', to: [{ name: '', address: nobody }] });
  });

  it('the process dies between SMTP’s 250 and recording it: after restart the message is delivered exactly once', async () => {
    const dying = await buildTestApp({ sendUndoSeconds: 0 });
    let reached!: () => void;
    const accepted = new Promise<void>((r) => (reached = r));
    let crash!: (err: Error) => void;
    // the worker of `dying` freezes right after SMTP accepted the message and its Sent copy was filed
    dying.app.outbox.hooks.step = (step) => {
      if (step !== 'filed') return;
      reached();
      return new Promise((_resolve, reject) => (crash = reject));
    };
    const h = await signIn(dying.app, alice.email, alice.password);
    const item = await queue(dying.app, h, draftTo(bob.email, { subject: 'Killed mid-send' }));
    await accepted;
    expect((await outboxItem(dying.app, h, item.id))?.state).toBe('sending');

    // a fresh server on the same database and secret: recovers the row, finds it in Sent, does not send again
    const restarted = await buildTestApp({ sendUndoSeconds: 0 });
    try {
      const sent = await waitForState(restarted.app, h, item.id, 'sent');
      expect(sent.attempts).toBe(2);
      expect(await findByMessageId(alice, 'Sent', item.messageId)).toHaveLength(1);
      const delivered = await waitForMessage(bob, 'INBOX', item.messageId);
      expect(delivered).toHaveLength(1);
    } finally {
      crash(new Error('simulated crash'));
      await dying.close();
      await restarted.close();
    }
    await waitFor(
      async () => (await findByMessageId(bob, 'INBOX', item.messageId)).length === 1,
      'still exactly one copy',
    );
  });

  it('several instances (REDIS_URL): a restarting instance leaves rows another one is sending until their claim expires', async () => {
    const repo = createOutboxRepository(t.app.db);
    const userId = (await t.app.db.user.findUniqueOrThrow({ where: { email: alice.email.toLowerCase() } })).id;
    const accountId = (await t.app.db.account.findFirstOrThrow({ where: { userId, isPrimary: true } })).id;
    const owner = { userId, accountId };
    // due far in the future, so that the running worker never takes these rows itself
    const later = new Date(Date.now() + 24 * 3600_000);
    const row = (n: number) => ({
      id: crypto.randomUUID(),
      userId,
      accountId,
      messageId: `<claim-${n}-${crypto.randomUUID()}@test>`,
      draft: { subject: `claim ${n}` } as unknown as ComposeDraft,
      raw: null,
      envelopeFrom: alice.email,
      envelopeTo: [bob.email],
      sealedAccount: null,
      saveToSent: false,
      sendAt: later,
      nextAttemptAt: later,
    });
    const [shared, single] = [row(1), row(2)];
    await repo.insert(shared);
    await repo.insert(single);
    const until = new Date(later.getTime() + 60_000);
    expect(await repo.claim(shared.id, later, 'instance-a', until)).toMatchObject({ state: 'sending', attempts: 1 });
    expect(await repo.claim(shared.id, later, 'instance-b', until)).toBeNull();

    // another instance restarts (or passes) while A's claim runs: the row stays A's
    await repo.recoverInterrupted(new Date(until.getTime() - 1), true);
    expect(await repo.find(owner, shared.id)).toMatchObject({ state: 'sending' });
    // A died: once its claim expired, any instance takes the row back (to retry after the Sent check)
    await repo.recoverInterrupted(new Date(until.getTime() + 1), true);
    expect(await repo.find(owner, shared.id)).toMatchObject({ state: 'retrying', attempts: 1 });

    // one instance (no REDIS_URL): a restart recovers every row in `sending`, as before
    await repo.claim(single.id, later, 'instance-a', until);
    await repo.recoverInterrupted(later, false);
    expect(await repo.find(owner, single.id)).toMatchObject({ state: 'retrying' });
    await repo.deleteEditable(owner, shared.id);
    await repo.deleteEditable(owner, single.id);
  });

  it('the list, undo and a replay read no message bytes; only the worker that claimed the row does', async () => {
    // a forward of 18 MB read for every poll of the list blocked the event loop ~1 s per read (decision 010 round 8)
    const repo = createOutboxRepository(t.app.db);
    const userId = (await t.app.db.user.findUniqueOrThrow({ where: { email: alice.email.toLowerCase() } })).id;
    const accountId = (await t.app.db.account.findFirstOrThrow({ where: { userId, isPrimary: true } })).id;
    const owner = { userId, accountId };
    const later = new Date(Date.now() + 24 * 3600_000);
    const raw = Buffer.alloc(2 * 256 * 1024 + 5, 'ab'); // three chunks
    const id = crypto.randomUUID();
    const clientKey = crypto.randomUUID();
    await repo.insert({
      id,
      clientKey,
      userId,
      accountId,
      messageId: `<heavy-${id}@test>`,
      draft: { subject: 'heavy' } as unknown as ComposeDraft,
      raw,
      envelopeFrom: alice.email,
      envelopeTo: [bob.email],
      sealedAccount: Buffer.from('sealed'),
      saveToSent: false,
      sendAt: later,
      nextAttemptAt: later,
    });
    const listed = (await repo.listForAccount(owner, new Date(0))).find((r) => r.id === id);
    for (const entry of [listed, await repo.find(owner, id), await repo.findByClientKey(userId, clientKey)]) {
      expect(entry).toMatchObject({ id, state: 'scheduled' });
      expect(entry).not.toHaveProperty('raw');
      expect(entry).not.toHaveProperty('sealedAccount');
    }
    const claimed = await repo.claim(id, later, 'instance-a', new Date(later.getTime() + 60_000));
    expect(claimed?.sealedAccount?.toString()).toBe('sealed');
    expect(claimed).not.toHaveProperty('raw');
    // the message itself is read in chunks, after the claim (decision 010, round 9)
    expect((await repo.readMessage(claimed!))?.equals(raw)).toBe(true);
    await repo.markFailed(id, { code: 'test', message: 'test' });
    expect(await repo.deleteEditable(owner, id)).toBe(true);
  });
});
