// A POP3 account end to end in the app (decision 026): sign-in with a POP3-only address found by discovery (the lab's
// DNS on 127.0.0.1 offers POP3S and submission, no IMAP), the watcher's download reaching a device over socket.io, a
// new message found by "check now", and the reader routes on Pigeon's own store; all against the fixture's Dovecot.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendMessage, createUser, mailFixture, seedMailbox, type MailUser } from '@pigeon/mail-fixture';
import {
  apiRoutes,
  type AllFoldersPage,
  type ConversationPage,
  type FolderSizes,
  type LargestMessages,
  type MailboxList,
  type MessageDetail,
  type MessagePage,
  type Pop3Status,
  UPLOAD_FILENAME_HEADER,
} from '@pigeon/shared';
import { loadConfig } from '../../config.ts';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { getCsrf, signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import { serverCount } from '../../../test/pop3-helpers.ts';
import { unzip } from '../../../test/unzip.ts';
import { draftTo, queue, waitForMessage, waitForState } from '../../../test/compose-helpers.ts';
import { connectSocket, listen, type TestSocket } from '../../../test/realtime-helpers.ts';
import { startFakeDns, type FakeDns } from '../../features/autoconfig/test-support/discovery-lab.ts';
import { Pop3Watcher } from './pop3-watcher.ts';
import { baseSubject } from '../list/list-order.ts';

const until = (fn: () => unknown) => vi.waitFor(fn, { timeout: 30_000, interval: 25 });
const { pop3s, submissions } = mailFixture.ports;

describe('a POP3-only address', () => {
  let dns: FakeDns;
  let t: TestApp;
  let url: string;
  let user: MailUser;
  let session: SignedIn;
  let socket: TestSocket | undefined;
  const messages = (accountId: string) => `/api/accounts/${accountId}/mailboxes/INBOX/messages`;

  beforeAll(async () => {
    dns = await startFakeDns({
      '_pop3s._tcp.school.test': { SRV: [{ target: '127.0.0.1', port: pop3s }] },
      '_submissions._tcp.school.test': { SRV: [{ target: '127.0.0.1', port: submissions }] },
    });
    const lab = loadConfig({
      LOG_LEVEL: 'silent',
      DISCOVERY_DNS_SERVERS: dns.server,
      DISCOVERY_ISPDB_URL: '',
      DISCOVERY_AUTOCONFIG_SCHEME: 'http',
      DISCOVERY_TIMEOUT_MS: '2000',
      // IMAP's guesses go to a closed port: the domain has no IMAP
      DISCOVERY_GUESS_PORTS: 'imaps:1,imap:1,smtps:1,smtp:1,pop3s:1,pop3:1',
      DISCOVERY_CACHE_TTL_HOURS: '0',
    });
    t = await buildTestApp({
      discovery: lab.discovery,
      mailDomains: {},
      mailDefault: null,
      mailAllowedHosts: ['127.0.0.1'],
      sendUndoSeconds: 0,
    });
    url = await listen(t.app);
    user = await createUser('pop3-app');
    await seedMailbox(user, 3, { inboxOnly: true });
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
    await dns?.close();
  });

  it('signs in with only the address and the password, on POP3', async () => {
    const csrf = await getCsrf(t.app);
    const wrong = await t.app.inject({
      method: 'POST',
      url: apiRoutes.signIn,
      headers: csrf.headers,
      payload: { email: user.email, password: 'wrong-password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json<{ error: { code: string } }>().error.code).toBe('auth.invalid_credentials');

    session = await signIn(t.app, user.email, user.password);
    const account = await t.db.prisma.account.findUniqueOrThrow({ where: { id: session.accountId } });
    expect(account).toMatchObject({
      protocol: 'pop3',
      incomingHost: '127.0.0.1',
      incomingPort: pop3s,
      incomingTls: 'tls',
      smtpPort: submissions,
    });
  });

  it("downloads the maildrop for a device, shows it from Pigeon's store and reads a message", async () => {
    socket = await connectSocket(url, session.cookie);
    await until(() => expect(socket!.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
    const added = socket.of('message.added').flatMap((e) => e.uids);
    expect(added).toEqual([1, 2, 3]);
    expect(socket.accountIds()).toEqual(new Set([session.accountId]));

    const folders = await t.app.inject({
      url: `/api/accounts/${session.accountId}/mailboxes`,
      headers: session.headers,
    });
    expect(folders.json<MailboxList>().mailboxes.find((f) => f.path === 'INBOX')?.total).toBe(3);
    const page = await t.app.inject({ url: messages(session.accountId), headers: session.headers });
    expect(page.statusCode).toBe(200);
    const rows = page.json<MessagePage>().messages;
    expect(rows.map((r) => r.uid)).toEqual([3, 2, 1]);

    const detail = await t.app.inject({ url: `${messages(session.accountId)}/3`, headers: session.headers });
    expect(detail.statusCode).toBe(200);
    expect(detail.json<MessageDetail>().subject).toBe(rows[0]!.subject);
    // no server quota for Pigeon's own store (and no IMAP login attempted against the POP3 server)
    const quota = await t.app.inject({ url: apiRoutes.quota(session.accountId), headers: session.headers });
    expect(quota.statusCode).toBe(200);
    expect(quota.json()).toEqual({ quota: null });
    const body = await t.app.inject({ url: `${messages(session.accountId)}/3/body`, headers: session.headers });
    expect(body.statusCode).toBe(200);
    expect(body.headers['content-type']).toMatch(/^text\/html/);
  });

  it('answers sorts, quick filters, conversations and all-folders search from its store, over HTTP', async () => {
    const get = (url: string) => t.app.inject({ url, headers: session.headers });
    const bySubject = await get(`${messages(session.accountId)}?sort=subject&order=desc`);
    expect(bySubject.statusCode).toBe(200);
    const subjects = bySubject.json<MessagePage>().messages.map((m) => m.subject);
    const ascending = (await get(`${messages(session.accountId)}?sort=subject`)).json<MessagePage>();
    expect(subjects).toHaveLength(3);
    // the same rows both ways; equal base subjects ("Aw: x" and "x") keep arrival order in both
    expect(ascending.messages.map((m) => m.subject).sort()).toEqual([...subjects].sort());
    expect(baseSubject(ascending.messages.at(-1)!.subject)).toBe(baseSubject(subjects[0]!));
    const starred = await get(`${messages(session.accountId)}?flagged=true`);
    expect(starred.statusCode).toBe(200);
    expect(starred.json<MessagePage>()).toMatchObject({ messages: [], total: 0 });
    const conversations = await get(`/api/accounts/${session.accountId}/mailboxes/INBOX/conversations`);
    expect(conversations.statusCode).toBe(200);
    expect(conversations.json<ConversationPage>().conversations.length).toBeGreaterThan(0);
    const search = await get(`/api/accounts/${session.accountId}/search?q=${encodeURIComponent(subjects[0]!)}`);
    expect(search.statusCode).toBe(200);
    expect(search.json<AllFoldersPage>().messages.map((m) => [m.path, m.subject])).toContainEqual([
      'INBOX',
      subjects[0],
    ]);
    const gone = await get(`${messages(session.accountId)}?sort=size&before=999`);
    expect(gone.statusCode).toBe(409);
    expect(gone.json<{ error: { code: string } }>().error.code).toBe('list.anchor_gone');
  });

  it('manages its own folders and answers capacity from its store, over HTTP', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: apiRoutes.mailboxes(session.accountId),
      headers: session.headers,
      payload: { parent: null, name: 'Club' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<{ path: string }>().path).toBe('Club');
    const again = await t.app.inject({
      method: 'POST',
      url: apiRoutes.mailboxes(session.accountId),
      headers: session.headers,
      payload: { parent: null, name: 'Club' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('folder.exists');
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `${apiRoutes.mailboxes(session.accountId)}/Club`,
      headers: session.headers,
      payload: { name: 'Clubs' },
    });
    expect(renamed.statusCode).toBe(200);
    const unsubscribe = await t.app.inject({
      method: 'PUT',
      url: `${apiRoutes.mailboxes(session.accountId)}/Clubs/subscription`,
      headers: session.headers,
      payload: { subscribed: false },
    });
    expect(unsubscribe.statusCode).toBe(409);
    expect(unsubscribe.json<{ error: { code: string } }>().error.code).toBe('pop3.no_subscriptions');
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `${apiRoutes.mailboxes(session.accountId)}/Clubs`,
      headers: session.headers,
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json<MailboxList>().mailboxes.map((m) => m.path)).not.toContain('Clubs');
    const sizes = await t.app.inject({ url: apiRoutes.folderSizes(session.accountId), headers: session.headers });
    expect(sizes.statusCode).toBe(200);
    expect(sizes.json<FolderSizes>().folders.find((f) => f.path === 'INBOX')?.messages).toBe(3);
    const largest = await t.app.inject({
      url: `/api/accounts/${session.accountId}/capacity/largest?limit=2`,
      headers: session.headers,
    });
    expect(largest.statusCode).toBe(200);
    expect(largest.json<LargestMessages>().messages).toHaveLength(2);
  });

  it('sends through its own SMTP: the message arrives, and its copy is in the local Sent, read', async () => {
    const bob = await createUser('pop3-to');
    const item = await queue(t.app, session, draftTo(bob.email, { subject: 'Sent from POP3', text: '보내기 확인' }));
    const sent = await waitForState(t.app, session, item.id, 'sent');
    expect(sent.error).toBeNull();
    await waitForMessage(bob, 'INBOX', item.messageId);
    const page = await t.app.inject({
      url: `/api/accounts/${session.accountId}/mailboxes/Sent/messages`,
      headers: session.headers,
    });
    expect(page.statusCode).toBe(200);
    const copy = page.json<MessagePage>().messages.find((m) => m.subject === 'Sent from POP3');
    expect(copy).toMatchObject({ flags: { seen: true } });
  });

  it('takes an attachment without an IMAP login to its POP3 server (no APPENDLIMIT to ask)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: apiRoutes.composeAttachments(session.accountId),
      headers: { ...session.headers, 'content-type': 'text/plain', [UPLOAD_FILENAME_HEADER]: 'note.txt' },
      payload: Buffer.from('첨부 파일'),
    });
    expect(res.statusCode, res.body).toBe(201);
    // the IMAP command connections of this user: none may be for the POP3 account
    const { userId } = await t.db.prisma.account.findUniqueOrThrow({ where: { id: session.accountId } });
    expect(t.app.imap.accountIdsOf(userId)).not.toContain(session.accountId);
  });

  it('exports a selection as .eml files from its store, byte for byte as downloaded', async () => {
    const page = (
      await t.app.inject({ url: messages(session.accountId), headers: session.headers })
    ).json<MessagePage>();
    const picked = page.messages.slice(0, 2).map((m) => m.uid);
    const res = await t.app.inject({
      url: apiRoutes.exportEml(session.accountId, 'INBOX', [...picked].reverse()),
      headers: session.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = await unzip(res.rawPayload);
    const sorted = [...picked].sort((a, b) => a - b);
    expect([...files.keys()].map((name) => Number(name.split(' ')[0]))).toEqual(sorted);
    for (const uid of sorted) {
      const raw = await t.app.inject({ url: apiRoutes.raw(session.accountId, 'INBOX', uid), headers: session.headers });
      expect(raw.statusCode).toBe(200);
      const name = [...files.keys()].find((n) => n.startsWith(`${uid} `))!;
      expect(files.get(name)!.equals(raw.rawPayload)).toBe(true);
    }
    const none = await t.app.inject({
      url: apiRoutes.exportEml(session.accountId, 'INBOX', [9999]),
      headers: session.headers,
    });
    expect(none.statusCode).toBe(404);
    expect(none.json<{ error: { code: string } }>().error.code).toBe('message.not_found');
  });

  it('finds a new message on "check now" and tells the device with its row', async () => {
    await appendMessage(user, 'INBOX', 'Subject: fresh over pop3\r\nFrom: x@school.test\r\n\r\nhello\r\n');
    expect(t.app.live.get(session.accountId)).toBeInstanceOf(Pop3Watcher);
    const checks = socket!.of('pop3.checkProgressed').filter((p) => p.phase === 'done').length;
    const res = await t.app.inject({
      method: 'POST',
      url: apiRoutes.pop3Check(session.accountId),
      headers: session.headers,
    });
    expect(res.statusCode).toBe(202);
    await until(() =>
      expect(socket!.of('pop3.checkProgressed').filter((p) => p.phase === 'done').length).toBe(checks + 1),
    );
    await until(() =>
      expect(socket!.of('message.added').at(-1)).toMatchObject({
        path: 'INBOX',
        uids: [4],
        rows: [{ uid: 4, subject: 'fresh over pop3' }],
      }),
    );
    expect(socket!.of('mailbox.countsChanged').at(-1)).toEqual({ path: 'INBOX', total: 4, unread: 4 });
  });

  it('shows and changes the POP3 options; the next check applies them', async () => {
    const url = apiRoutes.pop3(session.accountId);
    const first = await t.app.inject({ url, headers: session.headers });
    expect(first.statusCode).toBe(200);
    expect(first.json<Pop3Status>()).toMatchObject({
      options: { leaveOnServer: true, deleteAfterDays: 0, deleteWhenTrashed: false, checkIntervalMinutes: 0 },
      defaultCheckIntervalMinutes: 5,
      lastErrorCode: null,
    });
    expect(first.json<Pop3Status>().lastCheckAt).not.toBeNull();

    const bad = await t.app.inject({
      method: 'PATCH',
      url,
      headers: session.headers,
      payload: { deleteAfterDays: -1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('validation.invalid');

    const changed = await t.app.inject({
      method: 'PATCH',
      url,
      headers: session.headers,
      payload: { leaveOnServer: false, checkIntervalMinutes: 15 },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({
      leaveOnServer: false,
      deleteAfterDays: 0,
      deleteWhenTrashed: false,
      checkIntervalMinutes: 15,
    });
    expect(await t.db.prisma.pop3Settings.findUnique({ where: { accountId: session.accountId } })).toMatchObject({
      leaveOnServer: false,
      deleteAfterDays: null,
      checkIntervalMinutes: 15,
    });
    for (const payload of [{}, { deleteAfterDays: 3651 }, { checkIntervalMinutes: 0.5 }]) {
      const refused = await t.app.inject({ method: 'PATCH', url, headers: session.headers, payload });
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
    }
    // leave-on-server off: the next check removes what Pigeon has stored from the server
    const checks = socket!.of('pop3.checkProgressed').filter((p) => p.phase === 'done').length;
    await t.app.inject({ method: 'POST', url: apiRoutes.pop3Check(session.accountId), headers: session.headers });
    await until(() =>
      expect(socket!.of('pop3.checkProgressed').filter((p) => p.phase === 'done').length).toBe(checks + 1),
    );
    expect(await serverCount(user)).toBe(0);
    const inbox = await t.app.inject({ url: messages(session.accountId), headers: session.headers });
    expect(inbox.json<MessagePage>().messages).toHaveLength(4);
  });

  it('refuses POP3 options and checks on an IMAP account (pop3.not_pop3)', async () => {
    const imapUser = await createUser('pop3-not');
    // typed IMAP servers ("Advanced settings"): discovery here would find only POP3
    const other = await signIn(t.app, imapUser.email, imapUser.password, {
      imap: { host: '127.0.0.1', port: mailFixture.ports.imaps, tls: 'tls' },
      smtp: { host: '127.0.0.1', port: submissions, tls: 'tls' },
    });
    for (const req of [
      { method: 'GET' as const, url: apiRoutes.pop3(other.accountId) },
      { method: 'POST' as const, url: apiRoutes.pop3Check(other.accountId) },
    ]) {
      const res = await t.app.inject({ ...req, headers: other.headers });
      expect(res.statusCode).toBe(409);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('pop3.not_pop3');
    }
  });

  it('signs in on typed POP3 servers ("Advanced settings", account-protocol POP3)', async () => {
    const typed = await createUser('pop3-typed');
    const signed = await signIn(t.app, typed.email, typed.password, {
      pop3: { host: '127.0.0.1', port: mailFixture.ports.pop3, tls: 'starttls' },
      smtp: { host: '127.0.0.1', port: submissions, tls: 'tls' },
    });
    const account = await t.db.prisma.account.findUniqueOrThrow({ where: { id: signed.accountId } });
    expect(account).toMatchObject({ protocol: 'pop3', incomingPort: mailFixture.ports.pop3, incomingTls: 'starttls' });
    const wrong = await t.app.inject({
      method: 'POST',
      url: apiRoutes.signIn,
      headers: (await getCsrf(t.app)).headers,
      payload: {
        email: typed.email,
        password: 'wrong-password',
        servers: {
          pop3: { host: '127.0.0.1', port: mailFixture.ports.pop3s, tls: 'tls' },
          smtp: { host: '127.0.0.1', port: submissions, tls: 'tls' },
        },
      },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json<{ error: { code: string } }>().error.code).toBe('auth.invalid_credentials');
  });
});
