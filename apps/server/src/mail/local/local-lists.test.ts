import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@pigeon/shared';
import { parseListView } from '../list/list-view.ts';
import { localConversationPage, localThreads, repliesAmong, conversationIds } from './local-conversations.ts';
import { localFolderView } from './local-folder-ops.ts';
import { inView, localDateOrder, localOrder, wordsOf } from './local-view.ts';
import type { LocalRow } from './local-views.repository.ts';

const row = (uid: number, o: Partial<MessageSummary> & { date?: string; seen?: boolean } = {}): LocalRow => {
  const date = o.date ?? `2026-12-0${uid}T09:00:00.000Z`;
  return {
    uid,
    flags: o.seen ? ['\\Seen'] : [],
    date: new Date(date),
    summary: {
      uid,
      from: o.from ?? { name: `Sender ${uid}`, address: `s${uid}@school.test` },
      fromIsAddress: true,
      to: o.to ?? [],
      subject: o.subject ?? `subject ${uid}`,
      date,
      size: o.size ?? 100 * uid,
      flags: { seen: !!o.seen, flagged: false, answered: false, draft: false },
      hasAttachments: o.hasAttachments ?? false,
      preview: o.preview ?? '',
    },
  };
};
const none = new Map<string, Set<number>>();

describe('local list views', () => {
  it('filters on decoded headers and previews without the stored bytes, and on the bytes’ hits', () => {
    const r = row(1, { subject: '학교 공지', preview: 'Closed on Monday' });
    expect(inView(r, parseListView({ q: '학교' }), none)).toBe(true);
    expect(inView(r, parseListView({ q: 'MONDAY' }), none)).toBe(true);
    expect(inView(r, parseListView({ q: 'bus' }), none)).toBe(false);
    expect(inView(r, parseListView({ q: 'bus' }), new Map([['bus', new Set([1])]]))).toBe(true);
    expect(inView(r, parseListView({ body: 'x' }), new Map([['body:x', new Set([1])]]))).toBe(true);
    expect(inView(r, parseListView({ unread: true }), none)).toBe(true);
    expect(inView(row(2, { seen: true }), parseListView({ unread: true }), none)).toBe(false);
  });

  it('keeps whole days for since/until (the Date header)', () => {
    const v = parseListView({ since: '2026-12-02', until: '2026-12-03' });
    expect([1, 2, 3, 4].filter((u) => inView(row(u), v, none))).toEqual([2, 3]);
    expect(inView(row(4, { date: '2026-12-03T23:59:59.000Z' }), v, none)).toBe(true);
  });

  it('orders by arrival, sender, base subject and size; ties by UID', () => {
    const rows = [
      row(1, { subject: 'Re: b', size: 5 }),
      row(2, { subject: 'a', size: 5 }),
      row(3, { subject: 'B', size: 9 }),
    ];
    expect(localOrder(rows, parseListView({}), none)).toEqual([3, 2, 1]);
    expect(localOrder(rows, parseListView({ sort: 'subject' }), none)).toEqual([2, 1, 3]);
    expect(localOrder(rows, parseListView({ sort: 'size' }), none)).toEqual([3, 1, 2]);
    expect(localOrder(rows, parseListView({ sort: 'from', order: 'desc' }), none)).toEqual([3, 2, 1]);
    // the all-folders order is the Date header's, newest first
    const dated = [row(1, { date: '2026-12-09T00:00:00.000Z' }), row(2), row(3)];
    expect(localDateOrder(dated, parseListView({}), none)).toEqual([1, 3, 2]);
  });

  it('names the words to look up in the bytes: each term (whole message) and the body field (after the headers)', () => {
    expect(wordsOf(parseListView({ q: 'a "b c"', body: 'd' }))).toEqual([
      { key: 'a', word: 'a', part: 'text' },
      { key: 'b c', word: 'b c', part: 'text' },
      { key: 'body:d', word: 'd', part: 'body' },
    ]);
  });
});

const headers = (uid: number, id: string, subject: string, refs = '') => ({
  uid,
  date: new Date(`2026-12-0${uid}T09:00:00Z`),
  headers: Buffer.from(
    `Message-ID: <${id}@x>\r\nSubject: ${subject}\r\n${refs ? `References: <${refs}@x>\r\n` : ''}\r\n`,
    'latin1',
  ),
});

describe('local conversations', () => {
  const folder = [headers(1, 'a', 'Trip'), headers(2, 'b', 'Lunch'), headers(3, 'c', 'Re: Trip', 'a')];
  it('threads by references and base subject, newest conversation first', () => {
    expect(localThreads(folder)).toEqual([[1, 3], [2]]);
    expect(localThreads([])).toEqual([]);
  });

  it('builds a page with counts from the rows, and finds replies in Sent by ids', () => {
    const page = localConversationPage({
      threads: localThreads(folder),
      rows: [row(1), row(2, { seen: true }), row(3)],
      before: undefined,
      limit: 1,
      folder: { unread: 2, uidValidity: 7 },
    });
    expect(page).toMatchObject({ total: 2, unread: 2, uidValidity: '7', nextBefore: 3 });
    expect(page.conversations[0]).toMatchObject({ id: 1, count: 2, unread: 2, latest: { uid: 3 } });
    const { ids, answered } = conversationIds(folder);
    expect(repliesAmong([headers(7, 'mine', 'Re: Trip', 'c'), headers(8, 'other', 'x')], ids, answered)).toEqual([7]);
  });
});

describe('local folders as the folder plans see them', () => {
  it('names parents by the / delimiter and protects role folders', () => {
    const info = (path: string, role: 'inbox' | 'trash' | null = null) => ({
      id: path,
      path,
      role,
      uidValidity: 1,
      uidNext: 1,
      highestModSeq: 0n,
      total: 0,
      unread: 0,
    });
    const v = localFolderView([info('INBOX', 'inbox'), info('Trash', 'trash'), info('A'), info('A/B')]);
    expect(v.entries.find((e) => e.path === 'A/B')).toMatchObject({ name: 'B', parentPath: 'A', delimiter: '/' });
    expect(v.entries.find((e) => e.path === 'A')).toMatchObject({ name: 'A', parentPath: '' });
    expect([...v.roles]).toEqual([
      ['INBOX', 'inbox'],
      ['Trash', 'trash'],
    ]);
  });
});
