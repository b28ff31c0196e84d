// Compose chooses the sending account (issue 11, decision 040), against the fixture's Dovecot and Postfix: two fixture
// users as two accounts of one Pigeon user. Mail sent from the added account goes through its SMTP with its From, its
// Sent copy lands in its own Sent (none in the primary's), the outbox row names it; a draft moves between the two
// accounts' Drafts; an account the user does not hold is 404 account.not_found on every compose route.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, deliver, type MailUser } from '@pigeon/mail-fixture';
import {
  apiRoutes,
  type AccountSummary,
  type ComposeDraft,
  type ErrorBody,
  type IdentityList,
  type MessagePage,
  type SavedDraft,
} from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import {
  draftTo,
  findByMessageId,
  queue,
  waitFor,
  waitForMessage,
  waitForState,
} from '../../../test/compose-helpers.ts';

describe('sending from an added account', () => {
  let t: TestApp;
  let alice: MailUser;
  let bob: MailUser;
  let carol: MailUser;
  let a: SignedIn;
  let added: AccountSummary;

  const post = (who: SignedIn, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url, headers: who.headers, payload });
  const code = (r: { statusCode: number; json: <T>() => T }) => [r.statusCode, r.json<ErrorBody>().error.code];

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all([createUser('from-a'), createUser('from-b'), createUser('from-c')]);
    t = await buildTestApp({ sendUndoSeconds: 0 });
    a = await signIn(t.app, alice.email, alice.password);
    const res = await post(a, apiRoutes.accounts, { email: bob.email, password: bob.password });
    expect(res.statusCode, res.body).toBe(201);
    added = res.json<AccountSummary>();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers 404 account.not_found for an account the user does not hold, on every compose route', async () => {
    const strangers: string[] = [randomUUID()];
    // another Pigeon user's real account id is unknown too
    const c = await signIn(t.app, carol.email, carol.password);
    strangers.push(c.accountId);
    for (const id of strangers) {
      const draft = draftTo(carol.email);
      expect(code(await post(a, apiRoutes.outbox(id), draft))).toEqual([404, 'account.not_found']);
      expect(code(await post(a, apiRoutes.drafts(id), draft))).toEqual([404, 'account.not_found']);
      const prefill = await post(a, apiRoutes.composePrefill(id), { mode: 'reply', path: 'INBOX', uid: 1 });
      expect(code(prefill)).toEqual([404, 'account.not_found']);
      const del = await t.app.inject({
        method: 'DELETE',
        url: apiRoutes.draftById(id, draft.draftId),
        headers: a.headers,
      });
      expect(code(del)).toEqual([404, 'account.not_found']);
    }
    const rows = await t.db.prisma.outboxMessage.count({ where: { accountId: { in: [a.accountId, added.id] } } });
    expect(rows).toBe(0);
  });

  it("refuses the primary account's identity on the added account's SMTP (SEND_AS own)", async () => {
    const { identities } = (
      await t.app.inject({ method: 'GET', url: apiRoutes.identities, headers: a.headers })
    ).json<IdentityList>();
    const mine = identities.find((i) => i.email === alice.email)!;
    const res = await post(a, apiRoutes.outbox(added.id), draftTo(carol.email, { identityId: mine.id }));
    expect(code(res)).toEqual([403, 'compose.from_not_allowed']);
  });

  it('moves a draft: saved in the chosen account’s Drafts with its From, removed from the other’s', async () => {
    const draft = draftTo(carol.email, { subject: `moving draft ${randomUUID().slice(0, 6)}` });
    const first = await post(a, apiRoutes.drafts(a.accountId), draft);
    expect(first.statusCode, first.body).toBe(200);
    const inAlice = first.json<SavedDraft>();
    // what the composer does when the From changes: save in the new account first, then drop the old copy
    const second = await post(a, apiRoutes.drafts(added.id), { ...draft, identityId: null });
    expect(second.statusCode, second.body).toBe(200);
    const gone = await t.app.inject({
      method: 'DELETE',
      url: apiRoutes.draftById(a.accountId, draft.draftId),
      headers: a.headers,
    });
    expect(gone.statusCode).toBe(204);
    const bobDrafts = await t.app.inject({
      method: 'GET',
      url: apiRoutes.messages(added.id, inAlice.path),
      headers: a.headers,
    });
    const subjects = (acc: MessagePage) => acc.messages.map((m) => [m.subject, m.from?.address]);
    expect(subjects(bobDrafts.json<MessagePage>())).toEqual([[draft.subject, bob.email]]);
    const aliceDrafts = await t.app.inject({
      method: 'GET',
      url: apiRoutes.messages(a.accountId, inAlice.path),
      headers: a.headers,
    });
    expect(subjects(aliceDrafts.json<MessagePage>())).toEqual([]);
  });

  it("sends through the added account's SMTP with its From; the Sent copy is in its Sent only; the row names it", async () => {
    const item = await queue(t.app, { headers: a.headers, accountId: added.id }, draftTo(carol.email));
    await waitForState(t.app, { headers: a.headers, accountId: added.id }, item.id, 'sent');
    const [arrived] = await waitForMessage(carol, 'INBOX', item.messageId);
    expect(arrived!.parsed.from?.value.map((v) => v.address)).toEqual([bob.email]);
    expect(await waitForMessage(bob, 'Sent', item.messageId)).toHaveLength(1);
    expect(await findByMessageId(alice, 'Sent', item.messageId)).toHaveLength(0);
    const row = await t.db.prisma.outboxMessage.findFirst({ where: { id: item.id } });
    expect(row?.accountId).toBe(added.id);
    // exactly once: the worker recorded it sent; nothing left to send
    expect(await findByMessageId(carol, 'INBOX', item.messageId)).toHaveLength(1);
    expect((await t.db.prisma.outboxMessage.findFirst({ where: { id: item.id } }))?.state).toBe('sent');
  });

  it('a reply prefilled on the added account goes out from it, and reply-all leaves the person’s own addresses out', async () => {
    const { messageId } = await deliver({
      to: bob.email,
      from: carol.email,
      headers: { Cc: alice.email },
      subject: 'to the second account',
      text: 'hello',
    });
    const uid = await waitFor(async () => {
      const page = await t.app.inject({
        method: 'GET',
        url: apiRoutes.messages(added.id, 'INBOX'),
        headers: a.headers,
      });
      return page.json<MessagePage>().messages.find((m) => m.subject === 'to the second account')?.uid;
    }, `${messageId} in bob's INBOX`);
    const res = await post(a, apiRoutes.composePrefill(added.id), { mode: 'replyAll', path: 'INBOX', uid });
    expect(res.statusCode, res.body).toBe(200);
    const draft = res.json<ComposeDraft>();
    expect(draft.identityId).toBeNull(); // bob's own address, not alice's default identity
    const everyone = [...draft.to, ...draft.cc].map((x) => x.address);
    // every address of the person (the receiving account's too) is left out, as in Gmail
    expect(everyone).toEqual([carol.email]);
    const item = await queue(t.app, { headers: a.headers, accountId: added.id }, draft);
    await waitForState(t.app, { headers: a.headers, accountId: added.id }, item.id, 'sent');
    const [reply] = await waitForMessage(carol, 'INBOX', item.messageId);
    expect(reply!.parsed.from?.value.map((v) => v.address)).toEqual([bob.email]);
    expect(reply!.parsed.inReplyTo).toBe(messageId);
  });
});
