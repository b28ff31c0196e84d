// More than one account per person (issue 11, decision 034), against the fixture's Dovecot and Postfix: two fixture
// users as two accounts of one Pigeon user (IMAP + IMAP, and IMAP + POP3), the vault that lets every device of the
// user open the added account, the unified inbox, live mail of the added account, and removal.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendMessage, createUser, deliver, mailFixture, type MailUser } from '@pigeon/mail-fixture';
import {
  apiRoutes,
  type AccountCounts,
  type AccountList,
  type AccountSummary,
  type ErrorBody,
  type MessagePage,
  type UnifiedPage,
} from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import { connectSocket, listen, type TestSocket } from '../../../test/realtime-helpers.ts';

const until = (fn: () => unknown) => vi.waitFor(fn, { timeout: 30_000, interval: 25 });

const message = (subject: string, date: string) =>
  `Subject: ${subject}\r\nFrom: Sender <sender@example.com>\r\nDate: ${date}\r\nMessage-ID: <${subject.replace(/\W/g, '')}.${Date.now()}@example.com>\r\n\r\n${subject}\r\n`;

/** every text form a stored byte column could be read in */
const asText = (v: unknown): string => {
  if (v instanceof Uint8Array) {
    const b = Buffer.from(v);
    return ['hex', 'base64', 'utf8', 'latin1'].map((e) => b.toString(e as BufferEncoding)).join('\n');
  }
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
};

describe('a second IMAP account of one person', () => {
  let t: TestApp;
  let url: string;
  let alice: MailUser;
  let bob: MailUser;
  let a: SignedIn;
  let other: SignedIn;
  let added: AccountSummary;
  let socket: TestSocket | undefined;

  const get = <T>(who: SignedIn, to: string) =>
    t.app.inject({ method: 'GET', url: to, headers: who.headers }).then((r) => {
      if (r.statusCode !== 200) throw new Error(`GET ${to}: ${r.statusCode} ${r.body}`);
      return r.json<T>();
    });
  const add = (who: SignedIn, payload: object) =>
    t.app.inject({ method: 'POST', url: apiRoutes.accounts, headers: who.headers, payload });

  beforeAll(async () => {
    [alice, bob] = await Promise.all([createUser('multi-a'), createUser('multi-b')]);
    // alice's Inbox: the 3rd and the 10th; bob's: the 1st, the 5th and the 12th, each arriving in date order (a
    // mailbox lists by arrival; between accounts the Date header decides the merge)
    await appendMessage(alice, 'INBOX', message('alice three', 'Sat, 03 Jan 2026 10:00:00 +0000'));
    await appendMessage(alice, 'INBOX', message('alice ten', 'Sat, 10 Jan 2026 10:00:00 +0000'));
    await appendMessage(bob, 'INBOX', message('bob one', 'Thu, 01 Jan 2026 10:00:00 +0000'));
    await appendMessage(bob, 'INBOX', message('bob five', 'Mon, 05 Jan 2026 10:00:00 +0000'));
    await appendMessage(bob, 'INBOX', message('bob twelve', 'Mon, 12 Jan 2026 10:00:00 +0000'));
    t = await buildTestApp();
    url = await listen(t.app);
    a = await signIn(t.app, alice.email, alice.password);
  });

  afterAll(async () => {
    socket?.close();
    await t?.close();
  });

  it('refuses a wrong password, a bad address and the primary address with stable codes, and saves nothing', async () => {
    const wrong = await add(a, { email: bob.email, password: 'not-bobs-password' });
    expect([wrong.statusCode, wrong.json<ErrorBody>().error.code]).toEqual([401, 'auth.invalid_credentials']);
    const bad = await add(a, { email: 'not an address', password: 'x' });
    expect([bad.statusCode, bad.json<ErrorBody>().error.code]).toEqual([400, 'validation.invalid_email']);
    const empty = await add(a, { email: bob.email, password: '' });
    expect([empty.statusCode, empty.json<ErrorBody>().error.code]).toEqual([400, 'validation.required']);
    const own = await add(a, { email: alice.email, password: alice.password });
    expect([own.statusCode, own.json<ErrorBody>().error.code]).toEqual([409, 'accounts.already_added']);
    const list = await get<AccountList>(a, apiRoutes.accounts);
    expect(list.accounts.map((x) => x.email)).toEqual([alice.email]);
  });

  it('adds the account after a real login; the device that added it reads its mail at once', async () => {
    const res = await add(a, { email: bob.email.toUpperCase(), password: bob.password });
    expect(res.statusCode, res.body).toBe(201);
    added = res.json<AccountSummary>();
    expect(added).toMatchObject({ email: bob.email, protocol: 'imap', primary: false });
    const list = await get<AccountList>(a, apiRoutes.accounts);
    expect(list.accounts.map((x) => [x.email, x.primary])).toEqual([
      [alice.email, true],
      [bob.email, false],
    ]);
    const page = await get<MessagePage>(a, apiRoutes.messages(added.id, 'INBOX'));
    expect(page.messages.map((m) => m.subject)).toEqual(['bob twelve', 'bob five', 'bob one']);
    const again = await add(a, { email: bob.email, password: bob.password });
    expect([again.statusCode, again.json<ErrorBody>().error.code]).toEqual([409, 'accounts.already_added']);
  });

  it('keeps the password where a database dump alone reveals nothing', async () => {
    const rows = [
      ...(await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
        `SELECT * FROM "Account" WHERE "id" = $1::uuid`,
        added.id,
      )),
      ...(await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
        `SELECT * FROM "AccountPassword" WHERE "accountId" = $1::uuid`,
        added.id,
      )),
    ];
    expect(rows.length).toBe(2); // the vault seal on the account, and the adding session's own copy
    expect(rows[0]!.vaultSealed).toBeInstanceOf(Uint8Array);
    const dump = rows.map((r) => Object.values(r).map(asText).join('\n')).join('\n');
    for (const needle of [bob.password, Buffer.from(bob.password).toString('base64'), alice.password])
      expect(dump.includes(needle), needle).toBe(false);
  });

  it('follows the person to another device, which hears mail delivered to the added account live', async () => {
    // a second device signs in with the primary address only: it opens the added account from the vault
    other = await signIn(t.app, alice.email, alice.password);
    expect((await get<AccountList>(other, apiRoutes.accounts)).accounts.map((x) => x.email)).toContain(bob.email);
    const page = await get<MessagePage>(other, apiRoutes.messages(added.id, 'INBOX'));
    expect(page.messages).toHaveLength(3);

    socket = await connectSocket(url, other.cookie);
    const states = () => socket!.events.filter((e) => e.event === 'account.stateChanged').map((e) => e.payload);
    await until(() => expect(states()).toContainEqual({ accountId: added.id, state: 'live' }));
    await until(() => expect(states()).toContainEqual({ accountId: a.accountId, state: 'live' }));
    await deliver({ to: bob.email, subject: 'live to bob' });
    await until(() =>
      expect(
        socket!.events.filter(
          (e) =>
            e.event === 'message.added' &&
            e.payload.accountId === added.id &&
            (e.payload.rows as { subject: string }[] | undefined)?.some((r) => r.subject === 'live to bob'),
        ),
      ).toHaveLength(1),
    );
    // nothing of bob's account was announced as alice's
    const aliceAdded = socket.events.filter((e) => e.event === 'message.added' && e.payload.accountId === a.accountId);
    expect(aliceAdded).toEqual([]);
  });

  it('merges every Inbox by date, page by page, each row naming its account, every message once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page: UnifiedPage = await get<UnifiedPage>(a, apiRoutes.unifiedInbox({ cursor, limit: 2 }));
      expect(page.unavailable).toEqual([]);
      seen.push(...page.messages.map((m) => `${m.accountId === added.id ? 'b' : 'a'}:${m.subject}`));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen.filter((s) => s !== 'b:live to bob')).toEqual([
      'b:bob twelve',
      'a:alice ten',
      'b:bob five',
      'a:alice three',
      'b:bob one',
    ]);
    expect(seen[0]).toBe('b:live to bob'); // delivered now: the newest
    const bad = await t.app.inject({ method: 'GET', url: apiRoutes.unifiedInbox({ cursor: 'x' }), headers: a.headers });
    expect([bad.statusCode, bad.json<ErrorBody>().error.code]).toEqual([400, 'unified.invalid_cursor']);
  });

  it('counts each Inbox’s unread messages for the switcher', async () => {
    const { counts } = await get<AccountCounts>(a, apiRoutes.accountCounts);
    expect(counts).toEqual([
      { accountId: a.accountId, unread: 2 },
      { accountId: added.id, unread: 4 },
    ]);
  });

  it('acts on a row in its own account: marking read changes bob’s mailbox, not alice’s', async () => {
    const page = await get<MessagePage>(a, apiRoutes.messages(added.id, 'INBOX'));
    const twelve = page.messages.find((m) => m.subject === 'bob twelve')!;
    const res = await t.app.inject({
      method: 'POST',
      url: apiRoutes.actions(added.id, 'INBOX'),
      headers: a.headers,
      payload: { action: 'markRead', uids: [twelve.uid] },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { counts } = await get<AccountCounts>(a, apiRoutes.accountCounts);
    expect(counts).toEqual([
      { accountId: a.accountId, unread: 2 },
      { accountId: added.id, unread: 3 },
    ]);
  });

  it('refuses to remove the primary account, removes the added one: rows gone, routes 404, other devices told', async () => {
    const primary = await t.app.inject({ method: 'DELETE', url: apiRoutes.account(a.accountId), headers: a.headers });
    expect([primary.statusCode, primary.json<ErrorBody>().error.code]).toEqual([409, 'accounts.is_primary']);

    const res = await t.app.inject({ method: 'DELETE', url: apiRoutes.account(added.id), headers: a.headers });
    expect(res.statusCode, res.body).toBe(204);
    await until(() =>
      expect(socket!.events.filter((e) => e.event === 'accounts.changed').map((e) => e.payload)).toContainEqual({
        accountId: added.id,
        change: 'removed',
      }),
    );
    expect(await t.db.prisma.account.count({ where: { id: added.id } })).toBe(0);
    expect(await t.db.prisma.accountPassword.count({ where: { accountId: added.id } })).toBe(0);
    expect(t.app.live.get(added.id)).toBeUndefined();
    for (const who of [a, other]) {
      const gone = await t.app.inject({
        method: 'GET',
        url: apiRoutes.messages(added.id, 'INBOX'),
        headers: who.headers,
      });
      expect([gone.statusCode, gone.json<ErrorBody>().error.code]).toEqual([404, 'account.not_found']);
    }
    const unified = await get<UnifiedPage>(a, apiRoutes.unifiedInbox());
    expect(new Set(unified.messages.map((m) => m.accountId))).toEqual(new Set([a.accountId]));
  });
});

describe('a POP3 account added to an IMAP one', () => {
  let t: TestApp;
  let imapUser: MailUser;
  let pop3User: MailUser;
  let s: SignedIn;

  beforeAll(async () => {
    [imapUser, pop3User] = await Promise.all([createUser('multi-imap'), createUser('multi-pop3')]);
    await appendMessage(imapUser, 'INBOX', message('over imap', 'Fri, 02 Jan 2026 10:00:00 +0000'));
    await appendMessage(pop3User, 'INBOX', message('over pop3', 'Sun, 04 Jan 2026 10:00:00 +0000'));
    // no admin servers for the domain: typed servers (Advanced settings) are used as typed, POP3 included
    t = await buildTestApp({ mailDomains: {}, mailDefault: null, mailAllowedHosts: ['127.0.0.1'] });
    s = await signIn(t.app, imapUser.email, imapUser.password, {
      imap: { host: '127.0.0.1', port: mailFixture.ports.imap, tls: 'starttls' },
      smtp: { host: '127.0.0.1', port: mailFixture.ports.submission, tls: 'starttls' },
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('adds it on typed POP3 servers and shows its downloaded mail in the unified inbox', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: apiRoutes.accounts,
      headers: s.headers,
      payload: {
        email: pop3User.email,
        password: pop3User.password,
        servers: {
          pop3: { host: '127.0.0.1', port: mailFixture.ports.pop3, tls: 'starttls' },
          smtp: { host: '127.0.0.1', port: mailFixture.ports.submission, tls: 'starttls' },
        },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const pop3 = res.json<AccountSummary>();
    expect(pop3).toMatchObject({ protocol: 'pop3', primary: false });
    // the POP3 account's first check runs when a device holds it: ask for it now, as "check now" does
    const check = await t.app.inject({ method: 'POST', url: apiRoutes.pop3Check(pop3.id), headers: s.headers });
    expect(check.statusCode, check.body).toBe(202);
    await until(async () => {
      const page = await t.app
        .inject({ method: 'GET', url: apiRoutes.unifiedInbox(), headers: s.headers })
        .then((r) => r.json<UnifiedPage>());
      expect(page.messages.map((m) => [m.accountId, m.subject])).toEqual([
        [pop3.id, 'over pop3'],
        [s.accountId, 'over imap'],
      ]);
    });
  });
});
