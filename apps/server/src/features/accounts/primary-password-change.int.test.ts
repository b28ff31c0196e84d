// The primary password changes (the school resets it; decision 034): the vault sealed under the old one cannot open,
// so the next sign-in lists the added account as "needs password" without losing its row or settings; giving its
// password again (a real login on its own servers) reseals it under the new primary password for every device.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessage, createUser, setUserPassword, type MailUser } from '@pigeon/mail-fixture';
import { apiRoutes, type AccountList, type AccountSummary, type ErrorBody, type MessagePage } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';

describe('the primary password changes', () => {
  let t: TestApp;
  let alice: MailUser;
  let bob: MailUser;
  let added: AccountSummary;
  let after: SignedIn;

  const get = (who: SignedIn, url: string) => t.app.inject({ method: 'GET', url, headers: who.headers });
  const list = async (who: SignedIn) => (await get(who, apiRoutes.accounts)).json<AccountList>().accounts;
  const add = (who: SignedIn, payload: object) =>
    t.app.inject({ method: 'POST', url: apiRoutes.accounts, headers: who.headers, payload });
  const row = () => t.db.prisma.account.findUnique({ where: { id: added.id } });

  beforeAll(async () => {
    [alice, bob] = await Promise.all([createUser('pwchange-a'), createUser('pwchange-b')]);
    await appendMessage(bob, 'INBOX', 'Subject: kept for bob\r\nFrom: x@example.com\r\n\r\nhello\r\n');
    t = await buildTestApp();
    const before = await signIn(t.app, alice.email, alice.password);
    const res = await add(before, { email: bob.email, password: bob.password });
    expect(res.statusCode, res.body).toBe(201);
    added = res.json<AccountSummary>();
    // a setting of the account (its name), which must survive everything below
    await t.db.prisma.account.update({ where: { id: added.id }, data: { displayName: 'Bob at home' } });
    alice = await setUserPassword(alice, `alice-new-${randomBytes(4).toString('hex')}`);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('signs in with the new password and lists the added account as needing its password; nothing is lost', async () => {
    after = await signIn(t.app, alice.email, alice.password);
    const accounts = await list(after);
    expect(accounts.map((a) => [a.email, a.primary, a.needsPassword, a.displayName])).toEqual([
      [alice.email, true, false, ''],
      [bob.email, false, true, 'Bob at home'],
    ]);
    // the session does not hold it: its routes are not reachable until the password is given again
    const box = await get(after, apiRoutes.messages(added.id, 'INBOX'));
    expect([box.statusCode, box.json<ErrorBody>().error.code]).toEqual([404, 'account.not_found']);
    expect((await row())?.vaultSealed).toBeInstanceOf(Uint8Array);
    // stable: asked again, the same answer (the refused seal is remembered, not a one-off)
    expect((await list(after)).find((a) => a.id === added.id)?.needsPassword).toBe(true);
  });

  it('refuses a wrong password for it with a stable code and keeps the row as it was', async () => {
    const sealed = Buffer.from((await row())!.vaultSealed!).toString('hex');
    const wrong = await add(after, { email: bob.email, password: 'not-bobs-password' });
    expect([wrong.statusCode, wrong.json<ErrorBody>().error.code]).toEqual([401, 'auth.invalid_credentials']);
    const kept = await row();
    expect(Buffer.from(kept!.vaultSealed!).toString('hex')).toBe(sealed);
    expect(kept?.displayName).toBe('Bob at home');
  });

  it('its password given again reseals it under the new primary password: same account, every device opens it', async () => {
    const res = await add(after, { email: bob.email, password: bob.password });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<AccountSummary>()).toMatchObject({ id: added.id, needsPassword: false });
    expect((await list(after)).find((a) => a.id === added.id)).toMatchObject({
      needsPassword: false,
      displayName: 'Bob at home',
    });
    const box = await get(after, apiRoutes.messages(added.id, 'INBOX'));
    expect(box.json<MessagePage>().messages.map((m) => m.subject)).toEqual(['kept for bob']);
    // a new device with the new primary password opens the resealed vault itself
    const another = await signIn(t.app, alice.email, alice.password);
    expect((await list(another)).find((a) => a.id === added.id)?.needsPassword).toBe(false);
    const there = await get(another, apiRoutes.messages(added.id, 'INBOX'));
    expect(there.json<MessagePage>().messages.map((m) => m.subject)).toEqual(['kept for bob']);
  });
});
