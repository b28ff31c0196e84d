import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiRoutes,
  SEARCH_PROGRESS_TYPE,
  type AllFoldersLine,
  type AllFoldersPage,
  type ErrorBody,
} from '@pigeon/shared';
import { buildTestApp, type TestApp } from '../../../test/test-app.ts';
import { signIn } from '../../../test/auth-helpers.ts';
import { appendMessage, buildMessage, createUser, imapClient, type MailUser } from '../message/test-mail.ts';

// The search scope "all folders" (decision 032): Dovecot 2.3 has no MULTISEARCH, so folder by folder, merged by date.
let t: TestApp;
let user: MailUser;
let imap: ImapFlow;
let headers: Record<string, string>;
let accountId: string;
const KOREAN_FOLDER = '학교 공지';

const search = (query: Record<string, string>) =>
  t.app.inject({ method: 'GET', url: apiRoutes.searchAll(accountId, query), headers });
const found = async (query: Record<string, string>): Promise<AllFoldersPage> => {
  const res = await search(query);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<AllFoldersPage>();
};
const names = (p: AllFoldersPage) => p.messages.map((m) => `${m.path}|${m.subject}`);

beforeAll(async () => {
  user = await createUser('t-all');
  imap = await imapClient(user);
  t = await buildTestApp();
  ({ headers, accountId } = await signIn(t.app, user.email, user.password));
  await imap.mailboxCreate(KOREAN_FOLDER);
  await imap.mailboxCreate('Empty');
  // arrival order differs from date order on purpose: the merge is by the Date header
  await appendMessage(imap, 'INBOX', await add0('학교 운동회', 10));
  await appendMessage(imap, 'INBOX', await add0('Lunch menu', 12, '학교 급식 안내'));
  await appendMessage(imap, 'INBOX', await add0('Unrelated', 13));
  await appendMessage(imap, 'Sent', await add0('Re: 학교 운동회', 11));
  await appendMessage(imap, KOREAN_FOLDER, await add0('학교 공지 3월', 14));
  await appendMessage(imap, KOREAN_FOLDER, await add0('학교 공지 1월', 2));
  // thrown away: not found again unless asked for (decision 045)
  await appendMessage(imap, 'Trash', await add0('학교 버린 메일', 20));
  await appendMessage(imap, 'Junk', await add0('학교 광고', 21));
});

const add0 = (subject: string, day: number, text = 'nothing here') =>
  buildMessage({ subject, text, from: 'kim@school.test', date: new Date(Date.UTC(2026, 2, day, 9)) });

afterAll(async () => {
  await imap?.logout();
  await t?.close();
});

describe('search in all folders', () => {
  it('asked for JSON lines, says "folder n of m" before each folder, then gives the same page', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: apiRoutes.searchAll(accountId, { q: '학교' }),
      headers: { ...headers, accept: SEARCH_PROGRESS_TYPE },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(`${SEARCH_PROGRESS_TYPE}; charset=utf-8`);
    const lines = res.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as AllFoldersLine);
    expect(lines.slice(0, -1)).toEqual([1, 2, 3].map((folder) => ({ progress: { folder, folders: 3 } })));
    expect(lines.at(-1)).toEqual({ page: await found({ q: '학교' }) });
  });

  it('asked for JSON lines with a bad cursor, answers the usual 400 before any line', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: apiRoutes.searchAll(accountId, { q: '학교', cursor: 'not-a-cursor' }),
      headers: { ...headers, accept: SEARCH_PROGRESS_TYPE },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorBody>().error.code).toBe('search.invalid_cursor');
  });

  it('finds a Korean term in subjects and bodies of every folder, newest first', async () => {
    const page = await found({ q: '학교' });
    expect(names(page)).toEqual([
      `${KOREAN_FOLDER}|학교 공지 3월`,
      'INBOX|Lunch menu',
      'Sent|Re: 학교 운동회',
      'INBOX|학교 운동회',
      `${KOREAN_FOLDER}|학교 공지 1월`,
    ]);
    expect(page.nextCursor).toBeNull();
    expect(page.folders).toBe(3); // the empty folder is not searched
    expect((await found({ body: '급식' })).messages.map((m) => m.subject)).toEqual(['Lunch menu']);
    expect((await found({ subject: '학교', unread: 'true' })).messages).toHaveLength(4);
  });

  it('leaves Trash and Junk out unless asked for `anywhere`', async () => {
    const without = await found({ q: '학교' });
    expect(without.messages.map((m) => m.path)).not.toContain('Trash');
    expect(without.messages.map((m) => m.path)).not.toContain('Junk');
    const anywhere = await found({ q: '학교', anywhere: 'true' });
    expect(names(anywhere).slice(0, 2)).toEqual(['Junk|학교 광고', 'Trash|학교 버린 메일']);
    expect(names(anywhere).slice(2)).toEqual(names(without));
    expect(anywhere.folders).toBe(5);
  });

  it('pages by cursor: every result once, in the same order, then the end', async () => {
    const all = names(await found({ q: '학교' }));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: AllFoldersPage = await found({ q: '학교', limit: '2', ...(cursor ? { cursor } : {}) });
      seen.push(...names(page));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(all);
    expect(pages).toBe(3);
  });

  it('answers stable codes for a bad cursor, bad input, and an anchor that went away', async () => {
    const bad = await search({ q: '학교', cursor: 'nonsense' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ErrorBody>().error.code).toBe('search.invalid_cursor');
    const long = await search({ q: 'x'.repeat(300) });
    expect(long.json<ErrorBody>().error.code).toBe('search.too_long');

    const first = await found({ subject: '학교 공지', limit: '1' });
    expect(first.messages.map((m) => m.subject)).toEqual(['학교 공지 3월']);
    const lock = await imap.getMailboxLock(KOREAN_FOLDER);
    try {
      await imap.messageDelete(String(first.messages[0]!.uid), { uid: true });
    } finally {
      lock.release();
    }
    const gone = await search({ subject: '학교 공지', limit: '1', cursor: first.nextCursor! });
    expect(gone.statusCode).toBe(409);
    expect(gone.json<ErrorBody>().error.code).toBe('list.anchor_gone');
  });
});
