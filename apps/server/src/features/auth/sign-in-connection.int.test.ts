import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, deliver, imapClient, mailFixture, type MailUser } from '@pigeon/mail-fixture';
import {
  apiRoutes,
  type AccountList,
  type MailboxChanges,
  type MailboxList,
  type MessagePage,
  type SignInAnswer,
} from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { cookieHeader, getCsrf, setCookies, signIn } from '../../../test/auth-helpers.ts';

const until = (fn: () => unknown) => vi.waitFor(fn, { timeout: 20_000, interval: 25 });

/** Dovecot's successful IMAP logins of `email` so far, from the fixture's log. */
async function loginsOf(email: string): Promise<number> {
  const log = await readFile(path.join(mailFixture.dir, 'log', 'dovecot.log'), 'utf8');
  return log.split('\n').filter((line) => line.includes('imap-login:') && line.includes(`Login: user=<${email}>`))
    .length;
}

/** Waits until a login of `marker` is in the log: every login written before it is there too. */
async function logBarrier(marker: MailUser): Promise<void> {
  const before = await loginsOf(marker.email);
  const client = await imapClient(marker);
  await client.logout().catch(() => client.close());
  await until(async () => expect(await loginsOf(marker.email)).toBeGreaterThan(before));
}

/**
 * A new user (`prefix`) with one message, subject `prefix`, signs in naming INBOX as `firstPage` (decision 036); with
 * a second user whose login marks the log. Returns the answer and the device's cookies for its next requests.
 */
async function signInAskingFirstPage(app: TestApp['app'], prefix: string) {
  const [reader, mark] = await Promise.all([createUser(prefix), createUser(`${prefix}-mark`)]);
  await deliver({ to: reader.email, subject: prefix, text: 'x' });
  const csrf = await getCsrf(app);
  const res = await app.inject({
    method: 'POST',
    url: apiRoutes.signIn,
    headers: csrf.headers,
    payload: { email: reader.email, password: reader.password, firstPage: 'INBOX' },
  });
  expect(res.statusCode).toBe(200);
  const headers = { cookie: cookieHeader({ ...csrf.cookies, ...setCookies(res) }) };
  return { reader, mark, answer: res.json<SignInAnswer>(), headers };
}

describe('sign-in: one IMAP login, kept as the command connection', () => {
  let t: TestApp;
  let user: MailUser;
  let marker: MailUser;

  beforeAll(async () => {
    [user, marker] = await Promise.all([createUser('one-login'), createUser('one-login-mark')]);
    await deliver({ to: user.email, subject: 'first row', text: 'x' });
    // the answer waits for the first rows as long as they take: what is asserted is what it carries, not how fast
    t = await buildTestApp({ signInFirstRowsWaitMs: 60_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves the folders and the first page on the connection that proved the password (plus the watcher)', async () => {
    const { cookie, accountId } = await signIn(t.app, user.email, user.password);
    const headers = { cookie };
    const [folders, page] = await Promise.all([
      t.app.inject({ method: 'GET', url: apiRoutes.mailboxes(accountId), headers }),
      t.app.inject({ method: 'GET', url: apiRoutes.messages(accountId, 'INBOX'), headers }),
    ]);
    expect(folders.statusCode).toBe(200);
    await until(async () => {
      const res = await t.app.inject({ method: 'GET', url: apiRoutes.messages(accountId, 'INBOX'), headers });
      expect(res.json<MessagePage>().messages.map((m) => m.subject)).toContain('first row');
    });
    expect(page.statusCode).toBe(200);
    const primary = (await t.app.inject({ method: 'GET', url: apiRoutes.accounts, headers })).json<AccountList>()
      .accounts[0]!.id;
    expect(primary).toBe(accountId);
    await until(() => expect(t.app.live.get(primary)?.state).toBe('live'));

    await logBarrier(marker);
    // before decision 024: verify (logged out at once), then the command connection, then the watcher = 3
    expect(await loginsOf(user.email)).toBe(2);
    expect(t.app.imap.accountCount).toBe(1);
  });

  it('answers with the folders and the first page when asked, read on that same connection (decision 036)', async () => {
    const { reader, mark, answer, headers } = await signInAskingFirstPage(t.app, 'first-rows');
    expect(answer.first?.path).toBe('INBOX');
    expect(answer.first?.page.messages.map((m) => m.subject)).toEqual(['first-rows']);
    expect(answer.first?.page.syncToken).toEqual(expect.any(String));
    expect(answer.first?.mailboxes.find((m) => m.path === 'INBOX')).toMatchObject({ total: 1, unread: 1 });

    // the same as the device would have asked for, and the connection is the account's command connection now
    const [folders, page] = await Promise.all([
      t.app.inject({ method: 'GET', url: apiRoutes.mailboxes(answer.accountId), headers }),
      t.app.inject({ method: 'GET', url: apiRoutes.messages(answer.accountId, 'INBOX'), headers }),
    ]);
    expect(folders.json<MailboxList>().mailboxes).toEqual(answer.first?.mailboxes);
    const { syncToken: _token, ...rest } = page.json<MessagePage>();
    const { syncToken: _first, ...firstRest } = answer.first!.page;
    expect(rest).toEqual(firstRest);
    const changes = await t.app.inject({
      method: 'GET',
      url: `${apiRoutes.changes(answer.accountId, 'INBOX')}?since=${encodeURIComponent(answer.first!.page.syncToken!)}`,
      headers,
    });
    expect(changes.statusCode).toBe(200);
    expect(changes.json<MailboxChanges>()).toMatchObject({ reset: false, added: [], removed: [] });
    await until(() => expect(t.app.live.get(answer.accountId)?.state).toBe('live'));
    await logBarrier(mark);
    expect(await loginsOf(reader.email)).toBe(2);
  });

  it.each([
    ['the answer waits for nothing', { signInFirstRowsWaitMs: 0 }],
    ['the folder is bigger than the answer waits for', { signInFirstRowsWaitMs: 60_000, signInFirstRowsCarryMax: 0 }],
  ])('hands the reading to the first requests when %s (decision 036, part 7)', async (_why, config) => {
    const quick = await buildTestApp(config);
    try {
      const { reader, mark, answer, headers } = await signInAskingFirstPage(quick.app, 'handover');
      expect(answer.first).toBeUndefined();
      expect(quick.app.mail.firstRows.size).toBe(1);
      const [folders, page] = await Promise.all([
        quick.app.inject({ method: 'GET', url: apiRoutes.mailboxes(answer.accountId), headers }),
        quick.app.inject({ method: 'GET', url: apiRoutes.messages(answer.accountId, 'INBOX'), headers }),
      ]);
      expect(folders.json<MailboxList>().mailboxes.find((m) => m.path === 'INBOX')).toMatchObject({ total: 1 });
      const taken = page.json<MessagePage>();
      expect(taken.messages.map((m) => m.subject)).toEqual(['handover']);
      // both were taken (once): the next page request reads the folder itself, and sees the same rows
      expect(quick.app.mail.firstRows.size).toBe(0);
      const again = await quick.app.inject({
        method: 'GET',
        url: apiRoutes.messages(answer.accountId, 'INBOX'),
        headers,
      });
      const { syncToken: _a, ...fresh } = again.json<MessagePage>();
      const { syncToken: _b, ...handed } = taken;
      expect(fresh).toEqual(handed);
      const changes = await quick.app.inject({
        method: 'GET',
        url: `${apiRoutes.changes(answer.accountId, 'INBOX')}?since=${encodeURIComponent(taken.syncToken!)}`,
        headers,
      });
      expect(changes.json<MailboxChanges>()).toMatchObject({ reset: false, added: [], removed: [] });
      await until(() => expect(quick.app.live.get(answer.accountId)?.state).toBe('live'));
      await logBarrier(mark);
      expect(await loginsOf(reader.email)).toBe(2);
    } finally {
      await quick.close();
    }
  });

  it('leaves the first rows out, and still signs in, when the folder cannot be read', async () => {
    const other = await createUser('first-rows-missing');
    const csrf = await getCsrf(t.app);
    const res = await t.app.inject({
      method: 'POST',
      url: apiRoutes.signIn,
      headers: csrf.headers,
      payload: { email: other.email, password: other.password, firstPage: 'No such folder' },
    });
    expect(res.statusCode).toBe(200);
    const answer = res.json<SignInAnswer>();
    expect(answer.accountId).toEqual(expect.any(String));
    expect(answer.first).toBeUndefined();
    // the connection still serves the device's own requests
    const headers = { cookie: cookieHeader({ ...csrf.cookies, ...setCookies(res) }) };
    const page = await t.app.inject({ method: 'GET', url: apiRoutes.messages(answer.accountId, 'INBOX'), headers });
    expect(page.statusCode).toBe(200);
  });
});
