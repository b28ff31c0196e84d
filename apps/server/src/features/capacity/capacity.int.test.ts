import { randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type FolderSizes, type LargestMessages, type QuotaAnswer, type StorageQuota } from '@pigeon/shared';
import { createUser, imapClient, setUserQuota, type MailUser } from '@pigeon/mail-fixture';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn, type SignedIn } from '../../../test/auth-helpers.ts';
import { unzip } from '../../../test/unzip.ts';
import { buildMessage } from '../message/test-mail.ts';
import { FolderSizeCache } from '../../mail/imap/folder-size-cache.ts';
import { folderSizes, largestMessages } from '../../mail/imap/capacity.ts';

/** A message of about `kb` KB: a text body plus an attachment of `attachKb` KB (random, so nothing compresses). */
const sized = (subject: string, kb: number, attachKb = 0) =>
  buildMessage({
    subject,
    text: 'x'.repeat(Math.max(1, (kb - attachKb) * 1024 - 600)),
    attachments: attachKb
      ? [{ filename: `${subject}.bin`, content: randomBytes(Math.floor((attachKb * 1024 * 3) / 4)) }]
      : [],
  });

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function quotaOf({ headers, accountId }: SignedIn): Promise<StorageQuota | null> {
  const res = await t.app.inject({ method: 'GET', url: apiRoutes.quota(accountId), headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<QuotaAnswer>().quota;
}

describe('GET /api/accounts/:accountId/quota', () => {
  it('answers null for a user without a storage limit (no bar, no error)', async () => {
    const user = await createUser('quota-none');
    expect(await quotaOf(await signIn(t.app, user.email, user.password))).toBeNull();
  });

  it('follows the mailbox as it fills: ok, warning from 90 %, the server refuses past the limit, full at 100 %', async () => {
    const user = await createUser('quota-fill', { quota: '200K' });
    const me = await signIn(t.app, user.email, user.password);
    expect(await quotaOf(me)).toEqual({ usedBytes: 0, limitBytes: 200 * 1024, level: 'ok' });

    const other = await imapClient(user);
    try {
      const sizes: number[] = [];
      let refused: unknown = null;
      for (let i = 0; i < 20 && !refused; i++) {
        const raw = await sized(`fill ${i}`, 30);
        try {
          await other.append('INBOX', raw);
          sizes.push(raw.length);
        } catch (err) {
          refused = err;
        }
        const quota = (await quotaOf(me))!;
        const stored = sizes.reduce((a, b) => a + b, 0);
        // Dovecot reports whole KB
        expect(Math.abs(quota.usedBytes - stored)).toBeLessThan(1024);
        expect(quota.limitBytes).toBe(200 * 1024);
        expect(quota.level).toBe(stored >= 0.9 * 200 * 1024 ? 'warning' : 'ok');
      }
      expect(sizes.length).toBe(6); // 6 × ~30 KB fit, the 7th would pass 200 KB
      expect((refused as { serverResponseCode?: string }).serverResponseCode).toBe('OVERQUOTA');
      expect((await quotaOf(me))!.level).toBe('warning');
    } finally {
      await other.logout();
    }
    // the school lowers the limit below what is stored: 100 % (Dovecot reads the limit at login: a new app's connection)
    await setUserQuota(user, '100K');
    const later = await buildTestApp();
    try {
      const again = await signIn(later.app, user.email, user.password);
      const res = await later.app.inject({
        method: 'GET',
        url: apiRoutes.quota(again.accountId),
        headers: again.headers,
      });
      expect(res.json<QuotaAnswer>().quota).toMatchObject({ limitBytes: 100 * 1024, level: 'full' });
    } finally {
      await later.close();
    }
  });
});

describe('free up space', () => {
  let user: MailUser;
  let headers: Record<string, string>;
  let accountId: string;
  let imap: ImapFlow;
  const bytes: Record<string, number> = {};

  beforeAll(async () => {
    user = await createUser('largest');
    ({ headers, accountId } = await signIn(t.app, user.email, user.password));
    imap = await imapClient(user);
    const put = async (folder: string, subject: string, kb: number, attachKb = 0) => {
      const raw = await sized(subject, kb, attachKb);
      bytes[subject] = raw.length;
      await imap.append(folder, raw);
    };
    await put('INBOX', 'small', 3);
    await put('INBOX', 'long text', 60);
    await put('INBOX', 'photo', 45, 40);
    await put('INBOX', 'tiny', 1);
    await put('Archive', 'video', 90, 85);
    await put('Archive', 'note', 2);
  });
  afterAll(async () => {
    await imap?.logout();
  });

  const largest = async (q: Parameters<typeof apiRoutes.largest>[1]) => {
    const res = await t.app.inject({ method: 'GET', url: apiRoutes.largest(accountId, q), headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<LargestMessages>().messages;
  };

  it('lists the largest messages of every folder, largest first, with their attachments’ bytes', async () => {
    const rows = await largest({ limit: 3 });
    expect(rows.map((m) => [m.path, m.subject])).toEqual([
      ['Archive', 'video'],
      ['INBOX', 'long text'],
      ['INBOX', 'photo'],
    ]);
    expect(rows[0]!.size).toBe(bytes.video);
    expect(rows[0]!.attachmentBytes).toBeGreaterThan(85 * 1024);
    expect(rows[1]!.attachmentBytes).toBe(0);
  });

  it('lists one folder, and ranks by attachments', async () => {
    expect((await largest({ path: 'INBOX', limit: 2 })).map((m) => m.subject)).toEqual(['long text', 'photo']);
    expect((await largest({ by: 'attachments', limit: 5 })).map((m) => m.subject)).toEqual(['video', 'photo']);
  });

  it('answers mailbox.not_found for a folder that does not exist', async () => {
    const res = await t.app.inject({ method: 'GET', url: apiRoutes.largest(accountId, { path: 'Nope' }), headers });
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('mailbox.not_found');
  });

  it('gives the same answer without SORT (SEARCH LARGER narrows, then FETCH sizes)', async () => {
    const withSort = await largestMessages({ client: imap, limit: 4 });
    const plain = await imapClient(user);
    try {
      plain.capabilities.delete('SORT');
      expect(await largestMessages({ client: plain, limit: 4 })).toEqual(withSort);
    } finally {
      await plain.logout();
    }
    expect(withSort.messages.map((m) => m.subject)).toEqual(['video', 'long text', 'photo', 'small']);
  });

  it('sizes every folder (STATUS SIZE), and the same sums without STATUS=SIZE, cached until the folder changes', async () => {
    const res = await t.app.inject({ method: 'GET', url: apiRoutes.folderSizes(accountId), headers });
    expect(res.statusCode, res.body).toBe(200);
    const { folders } = res.json<FolderSizes>();
    const inbox = bytes.small! + bytes['long text']! + bytes.photo! + bytes.tiny!;
    expect(folders.slice(0, 2)).toEqual([
      { path: 'INBOX', messages: 4, bytes: inbox },
      { path: 'Archive', messages: 2, bytes: bytes.video! + bytes.note! },
    ]);
    expect(folders.find((f) => f.path === 'Trash')).toEqual({ path: 'Trash', messages: 0, bytes: 0 });

    const plain = await imapClient(user);
    try {
      plain.capabilities.delete('STATUS=SIZE');
      const cache = new FolderSizeCache();
      expect((await folderSizes({ client: plain, cache, owner: 'u' })).folders).toEqual(folders);
      expect(cache.get('u', 'INBOX', 'wrong stamp')).toBeUndefined();
      await imap.append('INBOX', await sized('one more', 2));
      const after = (await folderSizes({ client: plain, cache, owner: 'u' })).folders.find((f) => f.path === 'INBOX');
      expect(after?.messages).toBe(5);
      expect(after!.bytes).toBeGreaterThan(inbox);
    } finally {
      await plain.logout();
    }
  });
});

describe('download as .eml (zip)', () => {
  it('streams the selected messages byte for byte, named by UID and subject', async () => {
    const user = await createUser('export');
    const { headers, accountId } = await signIn(t.app, user.email, user.password);
    const imap = await imapClient(user);
    const raws = [await sized('Report: Q1/Q2', 4, 2), await sized('학교 공지 사항', 2), await sized('not chosen', 1)];
    const uids: number[] = [];
    try {
      for (const raw of raws) uids.push(((await imap.append('INBOX', raw)) as { uid: number }).uid);
    } finally {
      await imap.logout();
    }
    const res = await t.app.inject({
      method: 'GET',
      url: apiRoutes.exportEml(accountId, 'INBOX', [uids[1]!, uids[0]!]),
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toContain('messages.zip');
    const files = await unzip(res.rawPayload);
    expect([...files.keys()]).toEqual([`${uids[0]} Report Q1 Q2.eml`, `${uids[1]} 학교 공지 사항.eml`]);
    expect(files.get(`${uids[0]} Report Q1 Q2.eml`)!.equals(raws[0]!)).toBe(true);
    expect(files.get(`${uids[1]} 학교 공지 사항.eml`)!.equals(raws[1]!)).toBe(true);
  });

  it('refuses more than 500 UIDs and a malformed list (validation), and answers message.not_found for none', async () => {
    const user = await createUser('export-bound');
    const { headers, accountId } = await signIn(t.app, user.email, user.password);
    const many = Array.from({ length: 501 }, (_, i) => i + 1);
    const res = await t.app.inject({ method: 'GET', url: apiRoutes.exportEml(accountId, 'INBOX', many), headers });
    expect(res.statusCode).toBe(400); // the route's pattern allows at most 500
    const bad = await t.app.inject({
      method: 'GET',
      url: `${apiRoutes.messages(accountId, 'INBOX')}/export?uids=1,x`,
      headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('validation.invalid');
    const none = await t.app.inject({ method: 'GET', url: apiRoutes.exportEml(accountId, 'INBOX', [7]), headers });
    expect(none.statusCode).toBe(404);
    expect(none.json<{ error: { code: string } }>().error.code).toBe('message.not_found');
  });

  it('a selection across folders downloads as one zip with a folder per folder, byte for byte', async () => {
    const user = await createUser('export-across');
    const { headers, accountId } = await signIn(t.app, user.email, user.password);
    const imap = await imapClient(user);
    const raws = [await sized('inbox one', 2), await sized('학교 숙제', 2, 1), await sized('alpha plan', 1)];
    const at: [string, number][] = [];
    try {
      await imap.mailboxCreate('학교 공지');
      await imap.mailboxCreate(['Projects', 'Alpha']);
      for (const [i, path] of ['INBOX', '학교 공지', 'Projects/Alpha'].entries())
        at.push([path, ((await imap.append(path, raws[i]!)) as { uid: number }).uid]);
    } finally {
      await imap.logout();
    }
    const url = apiRoutes.exportEmlAcross(
      accountId,
      at.map(([path, uid]) => [path, [uid, uid + 40]] as const), // a UID that does not exist is left out
    );
    const res = await t.app.inject({ method: 'GET', url, headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = await unzip(res.rawPayload);
    const names = [
      `INBOX/${at[0]![1]} inbox one.eml`,
      `학교 공지/${at[1]![1]} 학교 숙제.eml`,
      `Projects/Alpha/${at[2]![1]} alpha plan.eml`,
    ];
    expect([...files.keys()]).toEqual(names);
    names.forEach((name, i) => expect(files.get(name)!.equals(raws[i]!), name).toBe(true));
  });

  it('across folders: more than 500 in all is refused before any byte, a missing folder and no message are errors', async () => {
    const user = await createUser('export-across-bound');
    const { headers, accountId } = await signIn(t.app, user.email, user.password);
    const uids = (from: number) => Array.from({ length: 251 }, (_, i) => from + i);
    const many = await t.app.inject({
      method: 'GET',
      url: apiRoutes.exportEmlAcross(accountId, [
        ['INBOX', uids(1)],
        ['Sent', uids(1)],
      ]),
      headers,
    });
    expect(many.statusCode).toBe(413);
    expect(many.json<{ error: { code: string } }>().error.code).toBe('message.export_too_large');
    const none = await t.app.inject({
      method: 'GET',
      url: apiRoutes.exportEmlAcross(accountId, [
        ['INBOX', [7]],
        ['Sent', [9]],
      ]),
      headers,
    });
    expect(none.statusCode).toBe(404);
    expect(none.json<{ error: { code: string } }>().error.code).toBe('message.not_found');
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/accounts/${accountId}/messages/export?f=x:INBOX`,
      headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('validation.invalid');
    const nowhere = await t.app.inject({
      method: 'GET',
      url: apiRoutes.exportEmlAcross(accountId, [['No such folder', [1]]]),
      headers,
    });
    expect(nowhere.statusCode).toBeGreaterThanOrEqual(400);
    expect(nowhere.statusCode).toBeLessThan(500);
  });
});
