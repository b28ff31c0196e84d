import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type ErrorBody, type MailboxList } from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { appendMessage, buildMessage, createUser, imapClient } from '../message/test-mail.ts';

describe('GET /api/accounts/:accountId/mailboxes', () => {
  let t: TestApp;
  let imap: ImapFlow;
  let headers: Record<string, string>;
  let accountId: string;

  beforeAll(async () => {
    const user = await createUser('t-mbx');
    imap = await imapClient(user);
    for (const folder of ['Projects', 'Projects/Beta', 'Projects/Alpha', '학교 공지', 'Zeta'])
      await imap.mailboxCreate(folder);
    await appendMessage(imap, 'INBOX', await buildMessage({ subject: 'read one', text: 'x' }), ['\\Seen']);
    await appendMessage(imap, 'INBOX', await buildMessage({ subject: 'new one', text: 'x' }));
    for (const s of ['공지 1', '공지 2', '공지 3'])
      await appendMessage(imap, '학교 공지', await buildMessage({ subject: s, text: 'x' }));
    t = await buildTestApp();
    ({ headers, accountId } = await signIn(t.app, user.email, user.password));
  });

  afterAll(async () => {
    await imap?.logout();
    await t?.close();
  });

  it('lists every folder with roles, hierarchy, counts and the Korean name, in display order', async () => {
    const res = await t.app.inject({ method: 'GET', url: apiRoutes.mailboxes(accountId), headers });
    expect(res.statusCode).toBe(200);
    const { mailboxes } = res.json<MailboxList>();
    expect(mailboxes.map((m) => m.path)).toEqual([
      'INBOX',
      'Drafts',
      'Sent',
      'Archive',
      'Junk',
      'Trash',
      'Projects',
      'Projects/Alpha',
      'Projects/Beta',
      'Zeta',
      '학교 공지',
    ]);
    expect(mailboxes.map((m) => m.role)).toEqual([
      'inbox',
      'drafts',
      'sent',
      'archive',
      'junk',
      'trash',
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(mailboxes[0]).toMatchObject({
      path: 'INBOX',
      name: 'INBOX',
      parent: null,
      total: 2,
      unread: 1,
      selectable: true,
    });
    expect(mailboxes.find((m) => m.path === '학교 공지')).toEqual({
      path: '학교 공지',
      name: '학교 공지',
      parent: null,
      delimiter: '/',
      role: null,
      total: 3,
      unread: 3,
      selectable: true,
      subscribed: true,
    });
    expect(mailboxes.find((m) => m.path === 'Projects/Alpha')).toMatchObject({
      name: 'Alpha',
      parent: 'Projects',
      delimiter: '/',
    });
  });

  it('takes nested and Korean paths URL-encoded in the route', async () => {
    await appendMessage(imap, 'Projects/Alpha', await buildMessage({ subject: 'alpha', text: 'x' }));
    for (const [path, total] of [
      ['Projects/Alpha', 1],
      ['학교 공지', 3],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url: apiRoutes.messages(accountId, path), headers });
      expect(res.statusCode, path).toBe(200);
      expect(res.json<{ total: number }>().total).toBe(total);
    }
  });

  it('needs a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: apiRoutes.mailboxes(accountId) });
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorBody>().error.code).toBe('auth.not_signed_in');
  });

  it('answers 404 mailbox.not_found for a folder that does not exist', async () => {
    const res = await t.app.inject({ method: 'GET', url: apiRoutes.messages(accountId, 'No such folder'), headers });
    expect(res.statusCode).toBe(404);
    expect(res.json<ErrorBody>().error.code).toBe('mailbox.not_found');
  });
});
