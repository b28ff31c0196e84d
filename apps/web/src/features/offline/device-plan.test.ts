import { describe, expect, it } from 'vitest';
import type { MessagePage, MessageSummary } from '@pigeon/shared';
import {
  applyToCopy,
  foldersToKeep,
  joinPages,
  offlineDocument,
  pageOfCopy,
  planFolder,
  RECENT_FOLDER_MS,
} from './device-plan';

const row = (uid: number, seen = true): MessageSummary => ({
  uid,
  from: null,
  fromIsAddress: false,
  to: [],
  subject: `m${uid}`,
  date: new Date(uid * 1000).toISOString(),
  size: 100,
  flags: { seen, flagged: false, answered: false, draft: false },
  hasAttachments: false,
  preview: '',
});
const copy = (uids: number[], unread = 0): MessagePage => ({
  messages: uids.map((u) => row(u, u > unread ? true : false)),
  total: uids.length,
  unread,
  uidValidity: '7',
  nextBefore: null,
});

describe('foldersToKeep', () => {
  it('keeps Inbox first, then folders opened within the week, most recent first, and only existing ones', () => {
    const now = 10 * RECENT_FOLDER_MS;
    const opened = { INBOX: now, Old: now - RECENT_FOLDER_MS - 1, Work: now - 1000, News: now - 10, Gone: now };
    expect(foldersToKeep(opened, new Set(['INBOX', 'Old', 'Work', 'News']), now)).toEqual(['INBOX', 'News', 'Work']);
  });
});

describe('planFolder', () => {
  it('fetches what is new, newest first, and drops what left the newest', () => {
    expect(planFolder([row(9), row(8), row(5)], [8, 3], true)).toEqual({ fetch: [9, 5], drop: [3] });
  });
  it('starts over when the folder was renumbered', () => {
    expect(planFolder([row(2), row(1)], [2, 1], false)).toEqual({ fetch: [2, 1], drop: [2, 1] });
  });
});

describe('pageOfCopy', () => {
  it('pages like the server: after `before`, with the next anchor until the oldest', () => {
    const all = copy([9, 7, 5, 3, 1]);
    expect(pageOfCopy(all, undefined, 2)).toMatchObject({ nextBefore: 7 });
    expect(pageOfCopy(all, undefined, 2).messages.map((m) => m.uid)).toEqual([9, 7]);
    expect(pageOfCopy(all, 5, 2).messages.map((m) => m.uid)).toEqual([3, 1]);
    expect(pageOfCopy(all, 5, 2).nextBefore).toBeNull();
  });
});

describe('applyToCopy', () => {
  it('stars and marks read in place, with the unread count', () => {
    const starred = applyToCopy(copy([3, 2, 1], 2), { action: 'star', uids: [3] });
    expect(starred.messages[0]!.flags.flagged).toBe(true);
    const read = applyToCopy(copy([3, 2, 1], 2), { action: 'markRead', uids: [1, 2] });
    expect(read.unread).toBe(0);
    expect(read.messages.map((m) => m.flags.seen)).toEqual([true, true, true]);
  });
  it('takes moved and deleted rows out, with the counts', () => {
    const moved = applyToCopy(copy([3, 2, 1], 1), { action: 'move', uids: [1, 3], target: 'Archive' });
    expect(moved.messages.map((m) => m.uid)).toEqual([2]);
    expect(moved).toMatchObject({ total: 1, unread: 0 });
  });
});

describe('offlineDocument', () => {
  it('puts the server CSP first, as a meta tag, without the directives a meta cannot carry', () => {
    const doc = offlineDocument(
      '<!doctype html><html><body><img src="https://x.test/a"></body></html>',
      "default-src 'none'; img-src data:; sandbox allow-popups; frame-ancestors 'self'",
    );
    expect(
      doc.startsWith(
        `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:">`,
      ),
    ).toBe(true);
    expect(doc).toContain('<img src="https://x.test/a">');
  });
  it('escapes the policy into the attribute', () => {
    expect(offlineDocument('', 'img-src "x"')).toContain('content="img-src &quot;x&quot;"');
  });
});

describe('joinPages', () => {
  const page = (uids: number[], nextBefore: number | null, uidValidity = '7'): MessagePage => ({
    messages: uids.map((uid) => row(uid)),
    total: 120,
    unread: 3,
    uidValidity,
    nextBefore,
    syncToken: `t${uids[0]}`,
  });

  it('joins the pages read one after another into the newest rows, with the first one’s counts and token', () => {
    const joined = joinPages([page([9, 8], 8), page([7, 6], 6), page([5], null)]);
    expect(joined?.messages.map((m) => m.uid)).toEqual([9, 8, 7, 6, 5]);
    expect(joined).toMatchObject({ total: 120, unread: 3, uidValidity: '7', nextBefore: null, syncToken: 't9' });
    expect(joinPages([page([9, 8], 8)])?.nextBefore).toBe(8);
  });

  it('gives nothing when the UIDs were renumbered between two pages, or when nothing was read', () => {
    expect(joinPages([page([9, 8], 8), page([3], null, '8')])).toBeNull();
    expect(joinPages([])).toBeNull();
  });
});
