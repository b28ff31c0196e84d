// Every folder operation through the API, checked by a separate IMAP client (what another mail app sees) and by a
// second device's socket (mailbox.listChanged).
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiRoutes, type ErrorBody, type FolderBulkResult, type FolderChange } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { connectSocket, listen, type TestSocket } from '../../../test/realtime-helpers.ts';
import { appendMessage, buildMessage, createUser, imapClient, type MailUser } from '../message/test-mail.ts';

const until = (fn: () => unknown) => vi.waitFor(fn, { timeout: 20_000, interval: 25 });

describe('folder management on the IMAP server', () => {
  let t: TestApp;
  let user: MailUser;
  let other: ImapFlow; // another mail app of the same user
  let headers: Record<string, string>;
  let accountId: string;
  let phone: TestSocket; // a second device, signed in separately

  /** What the other IMAP client lists: path → subscribed. */
  async function seenByOther(): Promise<Map<string, boolean>> {
    const entries = await other.list();
    return new Map(entries.map((e) => [e.path, e.subscribed === true]));
  }
  const messagesIn = async (path: string) => {
    const s = await other.status(path, { messages: true, unseen: true });
    return s ? { messages: s.messages, unseen: s.unseen } : null;
  };
  const send = (method: 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const create = (parent: string | null, name: string) =>
    send('POST', apiRoutes.mailboxes(accountId), { parent, name });
  const errorOf = (res: { json: <T>() => T }) => res.json<ErrorBody>().error.code;

  beforeAll(async () => {
    user = await createUser('t-fld');
    other = await imapClient(user);
    t = await buildTestApp();
    const url = await listen(t.app);
    ({ headers, accountId } = await signIn(t.app, user.email, user.password));
    const second = await signIn(t.app, user.email, user.password);
    phone = await connectSocket(url, second.cookie);
    await until(() => expect(phone.of('account.stateChanged').at(-1)).toEqual({ state: 'live' }));
  });

  afterAll(async () => {
    phone?.close();
    await other?.logout().catch(() => other.close());
    await t?.close();
  });

  it('creates Korean, emoji and nested folders, subscribed, that another client lists at once', async () => {
    for (const [parent, name, path] of [
      [null, '학교 공지 🎒', '학교 공지 🎒'],
      [null, '🎉 Party 😀', '🎉 Party 😀'],
      ['학교 공지 🎒', '수업', '학교 공지 🎒/수업'],
      ['학교 공지 🎒/수업', 'A&B 과제', '학교 공지 🎒/수업/A&B 과제'],
    ] as const) {
      const res = await create(parent, name);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(201);
      const body = res.json<FolderChange>();
      expect(body.path).toBe(path);
      expect(body.mailboxes.find((m) => m.path === path)).toMatchObject({ name, subscribed: true, selectable: true });
      expect((await seenByOther()).get(path), path).toBe(true);
    }
    // every level is a real folder (not a \Noselect placeholder): mail can be filed in the parent
    expect(await messagesIn('학교 공지 🎒')).toEqual({ messages: 0, unseen: 0 });
  });

  it('tells the other device: mailbox.listChanged with the new list', async () => {
    const res = await create(null, '실시간 ✅');
    expect(res.statusCode).toBe(201);
    await until(() =>
      expect(phone.of('mailbox.listChanged')).toContainEqual(
        expect.objectContaining({ reason: 'created', path: '실시간 ✅' }),
      ),
    );
    const event = phone.of('mailbox.listChanged').find((e) => e.path === '실시간 ✅')!;
    expect(event.mailboxes?.map((m) => m.path)).toContain('실시간 ✅');

    const renamed = await send('PATCH', apiRoutes.mailbox(accountId, '실시간 ✅'), { name: '실시간 ☑️' });
    expect(renamed.statusCode).toBe(200);
    await until(() =>
      expect(phone.of('mailbox.listChanged')).toContainEqual(
        expect.objectContaining({ reason: 'renamed', path: '실시간 ✅', newPath: '실시간 ☑️' }),
      ),
    );
    expect((await send('DELETE', apiRoutes.mailbox(accountId, '실시간 ☑️'))).statusCode).toBe(200);
    await until(() =>
      expect(phone.of('mailbox.listChanged')).toContainEqual(
        expect.objectContaining({ reason: 'deleted', path: '실시간 ☑️' }),
      ),
    );
  });

  it('renames a parent: its children, their mail and their subscriptions follow', async () => {
    await create(null, 'Projects');
    await create('Projects', 'Alpha');
    await create('Projects/Alpha', '2026');
    await appendMessage(other, 'Projects/Alpha', await buildMessage({ subject: 'alpha 1', text: 'x' }));

    const res = await send('PATCH', apiRoutes.mailbox(accountId, 'Projects'), { name: '프로젝트 🚀' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<FolderChange>().path).toBe('프로젝트 🚀');

    const seen = await seenByOther();
    expect([...seen.keys()].filter((p) => p.startsWith('Projects'))).toEqual([]);
    expect(seen.get('프로젝트 🚀')).toBe(true);
    expect(seen.get('프로젝트 🚀/Alpha')).toBe(true);
    expect(seen.get('프로젝트 🚀/Alpha/2026')).toBe(true);
    expect(await messagesIn('프로젝트 🚀/Alpha')).toEqual({ messages: 1, unseen: 1 });
  });

  it('moves a folder under another (and back to the top level)', async () => {
    await create(null, 'Zeta');
    await appendMessage(other, 'Zeta', await buildMessage({ subject: 'zeta', text: 'x' }));
    const moved = await send('PATCH', apiRoutes.mailbox(accountId, 'Zeta'), { parent: '프로젝트 🚀/Alpha' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<FolderChange>().path).toBe('프로젝트 🚀/Alpha/Zeta');
    expect(await messagesIn('프로젝트 🚀/Alpha/Zeta')).toEqual({ messages: 1, unseen: 1 });
    expect((await seenByOther()).has('Zeta')).toBe(false);

    const into = await send('PATCH', apiRoutes.mailbox(accountId, '프로젝트 🚀'), { parent: '프로젝트 🚀/Alpha/Zeta' });
    expect(into.statusCode).toBe(400);
    expect(errorOf(into)).toBe('folder.into_itself');

    const back = await send('PATCH', apiRoutes.mailbox(accountId, '프로젝트 🚀/Alpha/Zeta'), { parent: null });
    expect(back.json<FolderChange>().path).toBe('Zeta');
    expect((await seenByOther()).get('Zeta')).toBe(true);
  });

  it('deletes a folder with its messages and subfolders', async () => {
    await create(null, 'Old');
    await create('Old', '2019');
    for (const [path, subject] of [
      ['Old', 'old 1'],
      ['Old', 'old 2'],
      ['Old/2019', 'old 3'],
    ])
      await appendMessage(other, path!, await buildMessage({ subject, text: 'x' }));
    const res = await send('DELETE', apiRoutes.mailbox(accountId, 'Old'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<FolderChange>().mailboxes.some((m) => m.path.startsWith('Old'))).toBe(false);
    const seen = await seenByOther();
    expect(seen.has('Old')).toBe(false);
    expect(seen.has('Old/2019')).toBe(false);
  });

  it('subscribes and unsubscribes', async () => {
    const off = await send('PUT', apiRoutes.mailboxSubscription(accountId, 'Zeta'), { subscribed: false });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json<FolderChange>().mailboxes.find((m) => m.path === 'Zeta')?.subscribed).toBe(false);
    expect((await seenByOther()).get('Zeta')).toBe(false);
    await until(() =>
      expect(phone.of('mailbox.listChanged')).toContainEqual(
        expect.objectContaining({ reason: 'subscribed', path: 'Zeta' }),
      ),
    );
    await send('PUT', apiRoutes.mailboxSubscription(accountId, 'Zeta'), { subscribed: true });
    expect((await seenByOther()).get('Zeta')).toBe(true);
  });

  it('never renames, moves or deletes a special folder', async () => {
    for (const path of ['INBOX', 'Sent', 'Drafts', 'Trash', 'Junk', 'Archive']) {
      const rename = await send('PATCH', apiRoutes.mailbox(accountId, path), { name: `${path} 2` });
      expect([rename.statusCode, errorOf(rename)], path).toEqual([403, 'folder.protected']);
      const move = await send('PATCH', apiRoutes.mailbox(accountId, path), { parent: 'Zeta' });
      expect([move.statusCode, errorOf(move)], path).toEqual([403, 'folder.protected']);
      const del = await send('DELETE', apiRoutes.mailbox(accountId, path));
      expect([del.statusCode, errorOf(del)], path).toEqual([403, 'folder.protected']);
      expect((await seenByOther()).has(path), path).toBe(true);
    }
  });

  it('answers hostile names with a folder.* code, never a 500, and creates nothing', async () => {
    const before = [...(await seenByOther()).keys()].sort();
    const cases: [string | null, string, number, string][] = [
      [null, 'Zeta/../INBOX', 400, 'folder.invalid_name'],
      ['Zeta', 'a/b', 400, 'folder.invalid_name'],
      [null, '/', 400, 'folder.invalid_name'],
      [null, '..', 400, 'folder.invalid_name'],
      [null, '   ', 400, 'folder.invalid_name'],
      [null, 'a\r\nb', 400, 'folder.invalid_name'],
      [null, 'x\u0000', 400, 'folder.invalid_name'],
      [null, 'a*', 400, 'folder.invalid_name'],
      [null, '%', 400, 'folder.invalid_name'],
      [null, 'x'.repeat(101), 400, 'folder.name_too_long'],
      [null, '가'.repeat(95), 400, 'folder.name_too_long'],
      [null, 'INBOX', 409, 'folder.exists'],
      [null, 'Zeta', 409, 'folder.exists'],
      ['No such parent', 'x', 404, 'mailbox.not_found'],
      [null, 'cur', 422, 'folder.rejected'], // Dovecot's own rule (Maildir reserved name)
      [null, '~home', 422, 'folder.rejected'],
      [null, 'y'.repeat(5000), 400, 'validation.invalid'],
    ];
    for (const [parent, name, status, code] of cases) {
      const res = await create(parent, name);
      expect([res.statusCode, errorOf(res)], JSON.stringify(name).slice(0, 40)).toEqual([status, code]);
    }
    const rejected = await create(null, 'cur');
    expect(rejected.json<ErrorBody>().error.message).toMatch(/reserved name/i);
    const rename = await send('PATCH', apiRoutes.mailbox(accountId, 'Zeta'), { name: '../Sent' });
    expect(errorOf(rename)).toBe('folder.invalid_name');
    expect([...(await seenByOther()).keys()].sort()).toEqual(before);
  });

  it('empties Trash and Junk only, and marks a whole folder read', async () => {
    for (const subject of ['t1', 't2', 't3'])
      await appendMessage(other, 'Trash', await buildMessage({ subject, text: 'x' }));
    const emptied = await send('POST', apiRoutes.mailboxEmpty(accountId, 'Trash'));
    expect(emptied.statusCode, emptied.body).toBe(200);
    expect(emptied.json<FolderBulkResult>()).toEqual({ path: 'Trash', affected: 3, total: 0, unread: 0 });
    expect(await messagesIn('Trash')).toEqual({ messages: 0, unseen: 0 });
    const again = await send('POST', apiRoutes.mailboxEmpty(accountId, 'Trash'));
    expect(again.json<FolderBulkResult>().affected).toBe(0);

    const refused = await send('POST', apiRoutes.mailboxEmpty(accountId, 'Zeta'));
    expect([refused.statusCode, errorOf(refused)]).toEqual([400, 'folder.not_emptiable']);
    expect(await messagesIn('Zeta')).toEqual({ messages: 1, unseen: 1 });

    for (const subject of ['u1', 'u2']) await appendMessage(other, 'Zeta', await buildMessage({ subject, text: 'x' }));
    const read = await send('POST', apiRoutes.mailboxMarkAllRead(accountId, 'Zeta'));
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json<FolderBulkResult>()).toEqual({ path: 'Zeta', affected: 3, total: 3, unread: 0 });
    expect(await messagesIn('Zeta')).toEqual({ messages: 3, unseen: 0 });
    const missing = await send('POST', apiRoutes.mailboxMarkAllRead(accountId, 'Nope'));
    expect([missing.statusCode, errorOf(missing)]).toEqual([404, 'mailbox.not_found']);
  });
});
