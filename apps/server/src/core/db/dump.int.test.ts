// A stolen database dump: every table, read as an attacker would, holds no password or secret in clear.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ComposeAttachment } from '@pigeon/shared';
import { appendMessage, createUser, fixtureUser, type MailUser } from '@pigeon/mail-fixture';
import { checkPop3Account, fetcherFor, pop3AccountFor } from '../../../test/pop3-helpers.ts';
import { createLocalStore } from '../../mail/local/local-store.repository.ts';
import { createPop3Ledger } from '../../mail/pop3/pop3-ledger.repository.ts';
import { TEST_SESSION_SECRET, buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import { draftTo, queue } from '../../../test/compose-helpers.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from '../session.plugin.ts';

/** tables this scenario leaves empty, each with the reason; any other empty table fails the test */
const MAY_BE_EMPTY: Record<string, string> = {
  DiscoveredServers: 'the test app uses MAIL_DOMAINS, so discovery never runs (discovery stores host names only)',
  PushSubscription:
    'no device subscribes here (push.int.test.ts does); a row is an endpoint and browser keys, useless without the VAPID private key in DATA_DIR',
};

let t: TestApp;
let s: SignedIn;
let pop3User: MailUser;
const tricky = fixtureUser('tricky');

beforeAll(async () => {
  // a long undo delay keeps the queued message (and its sealed login) in the outbox while the dump is taken
  t = await buildTestApp({ sendUndoSeconds: 60 });
  s = await signIn(t.app, tricky.email, tricky.password);
});

afterAll(async () => {
  const items = (await t?.app.inject({ method: 'GET', url: apiRoutes.outbox(s.accountId), headers: s.headers }))?.json<{
    items: { id: string }[];
  }>().items;
  for (const item of items ?? [])
    await t.app.inject({ method: 'DELETE', url: apiRoutes.outboxItem(s.accountId, item.id), headers: s.headers });
  await t?.close();
});

/** every column of every row as text, bytes in each encoding an attacker would try */
function asText(v: unknown): string {
  if (v instanceof Uint8Array) {
    const b = Buffer.from(v);
    return ['hex', 'base64', 'base64url', 'utf8', 'latin1'].map((e) => b.toString(e as BufferEncoding)).join('\n');
  }
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

const schemaModels = () =>
  [
    ...readFileSync(path.resolve(import.meta.dirname, '../../../../../prisma/schema.prisma'), 'utf8').matchAll(
      /^model (\w+) \{/gm,
    ),
  ].map((m) => m[1]!);

describe('a database dump', () => {
  it('covers every table, and none holds the password, the cookie secrets or SESSION_SECRET in clear', async () => {
    // something in every table a signed-in user fills: an upload, an identity, preferences, a queued message, a contact
    const up = await t.app.inject({
      method: 'POST',
      url: apiRoutes.composeAttachments(s.accountId),
      headers: { ...s.headers, 'content-type': 'application/pdf', 'x-filename': 'report.pdf' },
      payload: Buffer.from('%PDF-1.4 report'),
    });
    expect(up.statusCode).toBe(201);
    const identity = await t.app.inject({
      method: 'POST',
      url: apiRoutes.identities,
      headers: s.headers,
      payload: { email: tricky.email, name: 'Tricky', replyTo: null, signature: '<p>--</p>', isDefault: true },
    });
    expect(identity.statusCode).toBe(201);
    const preferences = await t.app.inject({
      method: 'PATCH',
      url: apiRoutes.preferences,
      headers: s.headers,
      payload: { conversations: true },
    });
    expect(preferences.statusCode).toBe(200);
    await queue(t.app, s, draftTo('bob@school.test', { attachments: [up.json<ComposeAttachment>()] }));
    // a POP3 account's own store and exactly-once ledger, filled by a real download from the fixture's POP3
    pop3User = await createUser('dump-pop3');
    for (const subject of ['kept here', 'moved to Trash'])
      await appendMessage(pop3User, 'INBOX', `Subject: ${subject}\r\nFrom: x@school.test\r\n\r\nhi\r\n`);
    const pop3Account = await pop3AccountFor(t.db.prisma, pop3User);
    await createPop3Ledger(t.db.prisma).settings(pop3Account);
    expect((await checkPop3Account(pop3Account, fetcherFor(t.db.prisma, pop3User))).stored).toBe(2);
    await createLocalStore(t.db.prisma).move(pop3Account, 'INBOX', [2], 'Trash');

    const tables = (
      await t.db.prisma.$queryRawUnsafe<{ name: string }[]>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
      )
    ).map((r) => r.name);
    expect(tables.filter((m) => !schemaModels().includes(m))).toEqual(['_prisma_migrations']);
    expect(schemaModels().filter((m) => !tables.includes(m))).toEqual([]);

    const chunks: string[] = [];
    const empty: string[] = [];
    for (const table of tables) {
      const rows = await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
      if (rows.length === 0 && !(table in MAY_BE_EMPTY)) empty.push(table);
      for (const row of rows) chunks.push(Object.values(row).map(asText).join('\n'));
    }
    expect(
      empty,
      'these tables are empty after the scenario, so the dump test proves nothing about them: make the scenario ' +
        'above fill them (as a user would), or add them to MAY_BE_EMPTY with the reason',
    ).toEqual([]);

    const dump = chunks.join('\n');
    const pw = Buffer.from(tricky.password, 'utf8');
    const cookie = (name: string) => new RegExp(`${name}=([^;]+)`).exec(s.cookie)![1]!;
    const sessionCookie = decodeURIComponent(cookie(SESSION_COOKIE));
    const secrets = {
      password: [tricky.password, pw.toString('base64'), pw.toString('hex'), 'p@ss', '한글', pop3User.password],
      'session cookie secret': [sessionCookie.split('.')[1]!],
      'CSRF cookie secret': [decodeURIComponent(cookie(CSRF_COOKIE))],
      SESSION_SECRET: [TEST_SESSION_SECRET, TEST_SESSION_SECRET.slice(0, 24)],
    };
    for (const [what, needles] of Object.entries(secrets))
      for (const needle of needles)
        expect(dump.toLowerCase().includes(needle.toLowerCase()), `${what} found in the dump`).toBe(false);
  });
});
