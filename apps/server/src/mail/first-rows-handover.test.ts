import { describe, expect, it } from 'vitest';
import type { MailboxList, MessagePage } from '@pigeon/shared';
import { FirstRowsHandover, HANDOVER_TTL_MS } from './first-rows-handover.ts';

const folders: MailboxList = { mailboxes: [] };
const page = { messages: [], total: 0, unread: 0, uidValidity: '1', nextBefore: null } as MessagePage;
const early = (path = 'INBOX') => ({ path, folders: Promise.resolve(folders), page: Promise.resolve(page) });

describe('FirstRowsHandover', () => {
  it('gives the folders and the page once each, to the session that signed in, then forgets them', async () => {
    const h = new FirstRowsHandover();
    h.offer('s1', 'a1', early());
    expect(h.takeFolders('s2', 'a1')).toBeUndefined();
    expect(h.takePage('s1', 'a2', 'INBOX')).toBeUndefined();
    expect(await h.takeFolders('s1', 'a1')).toBe(folders);
    expect(h.takeFolders('s1', 'a1')).toBeUndefined();
    expect(h.size).toBe(1);
    expect(await h.takePage('s1', 'a1', 'INBOX')).toBe(page);
    expect(h.takePage('s1', 'a1', 'INBOX')).toBeUndefined();
    expect(h.size).toBe(0);
  });

  it('gives the page only for the folder it read, and nothing after the TTL', () => {
    let now = 0;
    const h = new FirstRowsHandover({ now: () => now });
    h.offer('s1', 'a1', early('Projects'));
    expect(h.takePage('s1', 'a1', 'INBOX')).toBeUndefined();
    now = HANDOVER_TTL_MS + 1;
    expect(h.takePage('s1', 'a1', 'Projects')).toBeUndefined();
    expect(h.takeFolders('s1', 'a1')).toBeUndefined();
    expect(h.size).toBe(0);
  });

  it('turns a failed reading into null (the request reads for itself) and never leaves a rejection unhandled', async () => {
    const h = new FirstRowsHandover();
    const failed = Promise.reject(new Error('NO'));
    h.offer('s1', 'a1', { path: 'INBOX', folders: failed, page: failed });
    expect(await h.takeFolders('s1', 'a1')).toBeNull();
    expect(await h.takePage('s1', 'a1', 'INBOX')).toBeNull();
  });

  it('drops expired readings when a new one is offered', () => {
    let now = 0;
    const h = new FirstRowsHandover({ now: () => now });
    h.offer('s1', 'a1', early());
    now = HANDOVER_TTL_MS + 1;
    h.offer('s2', 'a1', early());
    expect(h.size).toBe(1);
  });
});
