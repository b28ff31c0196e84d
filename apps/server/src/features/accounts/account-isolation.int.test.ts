// Account isolation (issue 11): a signed-in user who names another user's account id in a route or a socket
// subscription reads nothing, changes nothing, hears nothing; the answer is the same as for an id that does not exist.
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliver } from '@pigeon/mail-fixture';
import { apiRoutes, type ErrorBody, type MessageDetail, type OutboxList } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import { connectSocket, listen, type TestSocket } from '../../../test/realtime-helpers.ts';
import { draftTo, queue } from '../../../test/compose-helpers.ts';
import {
  appendMessage,
  buildMessage,
  createUser,
  flagsOf,
  imapClient,
  subjectsIn,
  type MailUser,
} from '../message/test-mail.ts';

const until = (fn: () => unknown) => vi.waitFor(fn, { timeout: 20_000, interval: 25 });

describe('account isolation', () => {
  let t: TestApp;
  let url: string;
  let alice: MailUser;
  let bob: MailUser;
  let aliceImap: ImapFlow;
  let a: SignedIn;
  let b: SignedIn;
  let aliceSocket: TestSocket;
  let bobSocket: TestSocket;
  let uid: number;

  beforeAll(async () => {
    [alice, bob] = await Promise.all([createUser('iso-a'), createUser('iso-b')]);
    aliceImap = await imapClient(alice);
    await aliceImap.mailboxCreate('Projects');
    uid = await appendMessage(
      aliceImap,
      'INBOX',
      await buildMessage({
        subject: 'alice private',
        text: 'for alice only',
        attachments: [{ filename: 'secret.txt', content: 'secret' }],
      }),
    );
    t = await buildTestApp();
    url = await listen(t.app);
    a = await signIn(t.app, alice.email, alice.password);
    b = await signIn(t.app, bob.email, bob.password);
    aliceSocket = await connectSocket(url, a.cookie);
    bobSocket = await connectSocket(url, b.cookie);
    await until(() => expect(aliceSocket.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
    await until(() => expect(bobSocket.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
  });
  afterAll(async () => {
    aliceSocket?.close();
    bobSocket?.close();
    await aliceImap?.logout().catch(() => aliceImap.close());
    await t?.close();
  });

  /** Every mail route of an account, as [method, url, body]: reading, acting, folders and search. */
  const mailRoutes = (accountId: string): [string, string, object?][] => [
    ['GET', apiRoutes.mailboxes(accountId)],
    ['GET', apiRoutes.messages(accountId, 'INBOX')],
    ['GET', `${apiRoutes.messages(accountId, 'INBOX')}?subject=private`],
    ['GET', apiRoutes.changes(accountId, 'INBOX')],
    ['GET', apiRoutes.message(accountId, 'INBOX', uid)],
    ['GET', apiRoutes.messageBody(accountId, 'INBOX', uid)],
    ['GET', apiRoutes.attachment(accountId, 'INBOX', uid, '2')],
    ['GET', apiRoutes.raw(accountId, 'INBOX', uid)],
    ['POST', apiRoutes.actions(accountId, 'INBOX'), { action: 'read', uids: [uid] }],
    ['POST', apiRoutes.actions(accountId, 'INBOX'), { action: 'delete', uids: [uid] }],
    ['GET', apiRoutes.conversations(accountId, 'INBOX')],
    ['GET', apiRoutes.conversation(accountId, 'INBOX', uid)],
    ['POST', apiRoutes.conversationActions(accountId, 'INBOX', uid), { action: 'delete' }],
    ['POST', apiRoutes.mailboxes(accountId), { parent: null, name: 'Stolen' }],
    ['PATCH', apiRoutes.mailbox(accountId, 'Projects'), { name: 'Renamed' }],
    ['PUT', apiRoutes.mailboxSubscription(accountId, 'Projects'), { subscribed: false }],
    ['POST', apiRoutes.mailboxMarkAllRead(accountId, 'INBOX')],
    ['POST', apiRoutes.mailboxEmpty(accountId, 'Trash')],
    ['DELETE', apiRoutes.mailbox(accountId, 'Projects')],
  ];
  /** Every writing and capacity route of an account: compose, drafts, outbox, quota and sizes. */
  const writingRoutes = (accountId: string, outboxId: string): [string, string, object?][] => [
    ['GET', apiRoutes.composeLimits(accountId)],
    ['POST', apiRoutes.composeAttachments(accountId), { not: 'a file' }],
    ['GET', apiRoutes.composeAttachment(accountId, '00000000-0000-4000-8000-000000000000')],
    ['DELETE', apiRoutes.composeAttachment(accountId, '00000000-0000-4000-8000-000000000000')],
    ['POST', apiRoutes.composePrefill(accountId), { mode: 'forward', path: 'INBOX', uid }],
    ['POST', apiRoutes.drafts(accountId), draftTo(bob.email, { subject: 'stolen draft' })],
    ['POST', apiRoutes.draftOpen(accountId), { path: 'INBOX', uid }],
    ['DELETE', apiRoutes.draftById(accountId, '00000000-0000-4000-8000-000000000000')],
    ['POST', apiRoutes.outbox(accountId), draftTo(bob.email, { subject: 'sent as alice' })],
    ['GET', apiRoutes.outbox(accountId)],
    ['DELETE', apiRoutes.outboxItem(accountId, outboxId)],
    ['GET', apiRoutes.quota(accountId)],
    ['GET', apiRoutes.folderSizes(accountId)],
    ['GET', apiRoutes.largest(accountId, { path: 'INBOX' })],
  ];
  const call = (who: SignedIn, [method, to, payload]: [string, string, object?]) =>
    t.app.inject({ method: method as 'GET', url: to, headers: who.headers, ...(payload ? { payload } : {}) });

  it("answers 404 account.not_found to every mail route with another user's account id, and changes nothing", async () => {
    expect(a.accountId).not.toBe(b.accountId);
    const answers: string[] = [];
    for (const route of mailRoutes(a.accountId)) {
      const res = await call(b, route);
      answers.push(`${route[0]} ${route[1]} ${res.statusCode} ${res.json<ErrorBody>().error?.code}`);
    }
    expect(answers.filter((line) => !line.endsWith(' 404 account.not_found'))).toEqual([]);

    // alice's mail is as it was: unread, in INBOX, folders untouched
    expect(await flagsOf(aliceImap, 'INBOX', uid)).not.toContain('\\Seen');
    expect(await subjectsIn(aliceImap, 'INBOX')).toEqual(['alice private']);
    const listed = await aliceImap.list();
    const folders = listed.map((f) => f.path);
    expect(folders).toContain('Projects');
    expect(folders).not.toContain('Stolen');
    expect(folders).not.toContain('Renamed');
    expect(listed.find((f) => f.path === 'Projects')?.subscribed).toBe(true);
  });

  it("answers 404 account.not_found to every compose, draft, outbox and capacity route of another user's account", async () => {
    // alice's own message waiting in her outbox (undo window of the test config): bob must not see or take it
    const waiting = await queue(t.app, a, draftTo(alice.email, { subject: 'alice outbox' }));
    const answers: string[] = [];
    for (const route of writingRoutes(a.accountId, waiting.id)) {
      const res = await call(b, route);
      answers.push(`${route[0]} ${route[1]} ${res.statusCode} ${res.json<ErrorBody>().error?.code}`);
    }
    expect(answers.filter((line) => !line.endsWith(' 404 account.not_found'))).toEqual([]);

    // through his own account, alice's outbox id is not his either; alice's outbox still holds her message alone
    const own = await call(b, ['DELETE', apiRoutes.outboxItem(b.accountId, waiting.id)]);
    expect([own.statusCode, own.json<ErrorBody>().error.code]).toEqual([404, 'outbox.not_found']);
    const bobs = (await call(b, ['GET', apiRoutes.outbox(b.accountId)])).json<OutboxList>().items;
    expect(bobs.map((i) => i.id)).not.toContain(waiting.id);
    const alices = (await call(a, ['GET', apiRoutes.outbox(a.accountId)])).json<OutboxList>().items;
    expect(alices.map((i) => i.subject)).toEqual(['alice outbox']);
  });

  it('gives the same answer for an id that does not exist, so ids cannot be probed', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const res = await call(b, ['GET', apiRoutes.messages(id, 'INBOX')]);
      expect(res.statusCode, id).toBe(404);
      expect(res.json<ErrorBody>().error.code, id).toBe('account.not_found');
    }
  });

  it('still serves the owner on the same routes', async () => {
    const res = await call(a, ['GET', apiRoutes.message(a.accountId, 'INBOX', uid)]);
    expect(res.statusCode).toBe(200);
    expect(res.json<MessageDetail>().subject).toBe('alice private');
  });

  it("ignores a socket subscription to another user's account, and no event crosses", async () => {
    bobSocket.socket.emit('mailbox.watch', 'Projects', a.accountId);
    // events on one socket are handled in order: once bob's own subscription shows, the foreign one was handled
    bobSocket.socket.emit('mailbox.watch', 'Bob folder', b.accountId);
    await until(() => expect(t.app.live.get(b.accountId)?.watched.has('Bob folder')).toBe(true));
    expect(t.app.live.get(a.accountId)?.watched.has('Projects')).toBe(false);

    await deliver({ to: alice.email, subject: 'new for alice' });
    await until(() => expect(aliceSocket.of('message.added').length).toBeGreaterThan(0));
    await deliver({ to: bob.email, subject: 'new for bob' });
    await until(() => expect(bobSocket.of('message.added').length).toBeGreaterThan(0));
    // bob's own event came after alice's: had alice's crossed, it would be here by now
    expect(bobSocket.accountIds()).toEqual(new Set([b.accountId]));
    expect(aliceSocket.accountIds()).toEqual(new Set([a.accountId]));
  });
});
