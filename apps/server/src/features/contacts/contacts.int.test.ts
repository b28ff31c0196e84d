import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type Address, type ComposeDraft, type OutboxList } from '@pigeon/shared';
import { createUser, deliver, type MailUser } from '@pigeon/mail-fixture';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import { draftTo, queue, waitForMessage } from '../../../test/compose-helpers.ts';

let t: TestApp;
let alice: MailUser;
let kim: MailUser;
let mallory: MailUser;
let me: SignedIn;
let headers: Record<string, string>;
let accountId: string;

beforeAll(async () => {
  [alice, kim, mallory] = await Promise.all([
    createUser('contacts-a'),
    createUser('contacts-k'),
    createUser('contacts-m'),
  ]);
  // a long undo delay: the messages stay queued, nothing is delivered; contacts are learned when queued
  t = await buildTestApp({ sendUndoSeconds: 60 });
  me = await signIn(t.app, alice.email, alice.password);
  ({ headers, accountId } = me);
});

afterAll(async () => {
  // take the queued messages back, so no other test's worker delivers them later
  const items = t
    ? (await t.app.inject({ method: 'GET', url: apiRoutes.outbox(accountId), headers })).json<OutboxList>().items
    : [];
  for (const item of items)
    await t.app.inject({ method: 'DELETE', url: apiRoutes.outboxItem(accountId, item.id), headers });
  await t?.close();
});

const suggestions = async (q: string): Promise<Address[]> =>
  (await t.app.inject({ method: 'GET', url: `${apiRoutes.contacts}?q=${encodeURIComponent(q)}`, headers })).json<{
    contacts: Address[];
  }>().contacts;

describe('contacts', () => {
  it('are learned only from sent mail; a phishing Cc never takes over a stored name', async () => {
    await queue(t.app, me, {
      ...draftTo(kim.email),
      to: [{ name: 'Principal Kim', address: kim.email }],
    });
    expect(await suggestions('Principal Kim')).toEqual([{ name: 'Principal Kim', address: kim.email }]);

    // the attacker's message: From claims Kim's address with another name, Cc is "Principal Kim" at the attacker
    const { messageId } = await deliver({
      to: alice.email,
      from: `"Not Kim" <${kim.email}>`,
      subject: 'Urgent: gift cards',
      headers: { Cc: `"Principal Kim" <${mallory.email}>` },
    });
    const [phish] = await waitForMessage(alice, 'INBOX', messageId);
    const pre = await t.app.inject({
      method: 'POST',
      url: apiRoutes.composePrefill(accountId),
      headers,
      payload: { mode: 'replyAll', path: 'INBOX', uid: phish!.uid },
    });
    expect(pre.statusCode).toBe(200);
    // opening a reply learns nothing
    expect(await suggestions(mallory.email)).toEqual([]);

    const reply = pre.json<ComposeDraft>();
    expect(reply.cc).toContainEqual({ name: 'Principal Kim', address: mallory.email });
    await queue(t.app, me, reply);
    // Kim keeps the stored name; the attacker's address is learned (it was sent to) but not as "Principal Kim"
    expect(await suggestions('Principal Kim')).toEqual([{ name: 'Principal Kim', address: kim.email }]);
    expect(await suggestions(mallory.email)).toEqual([{ name: '', address: mallory.email }]);
  });
});
