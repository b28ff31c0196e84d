import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createUser, deliver, imapClient, mailFixture, type MailUser } from '@pigeon/mail-fixture';
import { apiRoutes, type AccountList, type MessagePage } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';

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

describe('sign-in: one IMAP login, kept as the command connection', () => {
  let t: TestApp;
  let user: MailUser;
  let marker: MailUser;

  beforeAll(async () => {
    [user, marker] = await Promise.all([createUser('one-login'), createUser('one-login-mark')]);
    await deliver({ to: user.email, subject: 'first row', text: 'x' });
    t = await buildTestApp();
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
});
