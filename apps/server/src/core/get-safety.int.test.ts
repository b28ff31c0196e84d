// No state change on a GET: SameSite=Lax cookies ride along on cross-site top-level GETs (docs/decisions/016).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ComposeAttachment, type SavedDraft } from '@pigeon/shared';
import { createUser, mailFixture, type MailUser } from '@pigeon/mail-fixture';
import { buildTestApp, testConfig, type TestApp } from '../../test/test-app.ts';
import { signIn } from '../../test/auth-helpers.ts';
import { draftTo } from '../../test/compose-helpers.ts';

let t: TestApp;
let user: MailUser;
let headers: Record<string, string>;
let accountId: string;
let smtpConnections = 0;
// stands in for the SMTP server: counts connections (a size probe then finds nothing and falls back to 0)
const smtp = net.createServer((socket) => {
  smtpConnections += 1;
  socket.destroy();
});

beforeAll(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.address() as net.AddressInfo;
  const fixture = testConfig().mailDomains[mailFixture.domain]!;
  user = await createUser('get-safety');
  t = await buildTestApp({
    mailDomains: { [mailFixture.domain]: { imap: fixture.imap, smtp: { host: '127.0.0.1', port, tls: 'none' } } },
  });
  ({ headers, accountId } = await signIn(t.app, user.email, user.password));
});

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => smtp.close(resolve));
});

/** a fingerprint of every table (sessions by id only: their last-seen time slides on every request) */
async function databaseState(): Promise<Record<string, string>> {
  const tables = await t.db.prisma.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  const state: Record<string, string> = {};
  for (const { name } of tables) {
    const q = name === 'Session' ? `string_agg(id, ',' ORDER BY id)` : `string_agg(x::text, ',' ORDER BY x::text)`;
    const [row] = await t.db.prisma.$queryRawUnsafe<{ h: string | null }[]>(
      `SELECT md5(coalesce(${q}, '')) AS h FROM "${name}" x`,
    );
    state[name] = row!.h ?? '';
  }
  return state;
}

describe('GET requests change nothing', () => {
  it('GET …/compose/limits opens no connection to the mail servers', async () => {
    const imapUsers = t.app.imap.accountCount;
    const res = await t.app.inject({ method: 'GET', url: apiRoutes.composeLimits(accountId), headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(smtpConnections).toBe(0);
    expect(t.app.imap.accountCount).toBe(imapUsers);
    // an upload (a POST) asks the servers
    const up = await t.app.inject({
      method: 'POST',
      url: apiRoutes.composeAttachments(accountId),
      headers: { ...headers, 'content-type': 'text/plain', 'x-filename': 'a.txt' },
      payload: 'hello',
    });
    expect(up.statusCode).toBe(201);
    expect(smtpConnections).toBe(1);
  });

  it('no GET or HEAD route of the table writes to the database or opens an SMTP connection', async () => {
    const up = await t.app.inject({
      method: 'POST',
      url: apiRoutes.composeAttachments(accountId),
      headers: { ...headers, 'content-type': 'image/png', 'x-filename': 'dot.png' },
      payload: Buffer.from('89504e470d0a1a0a', 'hex'),
    });
    const att = up.json<ComposeAttachment>();
    const saved = await t.app.inject({
      method: 'POST',
      url: apiRoutes.drafts(accountId),
      headers,
      payload: draftTo(user.email, { attachments: [att] }),
    });
    expect(saved.statusCode).toBe(200);
    const { path, uid, draftId } = saved.json<SavedDraft>();

    const before = await databaseState();
    const smtpBefore = smtpConnections;
    const fill = (pattern: string) =>
      pattern
        .replace(':path', encodeURIComponent(path))
        .replace(':uid', String(uid))
        .replace(':draftId', draftId)
        .replace(':id', att.id)
        .replace(/:[A-Za-z]+/g, '1')
        .replace('*', 'x');
    const routes = t.app.apiRoutes.filter((r) => r.method === 'GET' || r.method === 'HEAD');
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) await t.app.inject({ method: route.method as 'GET', url: fill(route.url), headers });
    expect(await databaseState()).toEqual(before);
    expect(smtpConnections).toBe(smtpBefore);
  });
});
