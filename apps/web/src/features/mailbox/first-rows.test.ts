// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useMessageStore } from '../message/message.store';
import { folderDef } from '../message/list-def';
import { useMailboxStore } from './mailbox.store';
import { firstPageOf, loadFirstRows } from './first-rows';
import type { FirstRows } from '@pigeon/shared';
import { messageApi } from '../message/message.api';

describe('loadFirstRows', () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    setActivePinia(createPinia());
  });

  it('asks for the folders and the target list at once, and nothing for other pages', () => {
    const load = vi.spyOn(useMailboxStore(), 'load').mockResolvedValue();
    const loadHead = vi.spyOn(useMessageStore(), 'loadHeadAhead').mockResolvedValue();
    loadFirstRows({ name: 'mail', params: { folder: 'Projects' }, query: {} });
    expect(load).toHaveBeenCalledTimes(1);
    expect(loadHead).toHaveBeenCalledWith(folderDef('Projects'));

    loadFirstRows({ name: 'search', params: { folder: 'INBOX' }, query: { q: 'report' } });
    expect(loadHead).toHaveBeenLastCalledWith({ ...folderDef('INBOX'), q: 'report' });

    loadFirstRows({ name: 'devices', params: {}, query: {} });
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('stores what the sign-in answer carried and asks only for the rest', async () => {
    const load = vi.spyOn(useMailboxStore(), 'load').mockResolvedValue();
    const messages = useMessageStore();
    const listMessages = vi
      .spyOn(messageApi, 'listMessages')
      .mockResolvedValue({ messages: [], total: 0, unread: 0, uidValidity: '1', nextBefore: null });
    const row = {
      uid: 7,
      from: { name: 'Ann', address: 'ann@school.test' },
      fromIsAddress: false,
      to: [],
      subject: 'with the answer',
      date: '2026-12-07T10:00:00.000Z',
      size: 10,
      flags: { seen: false, flagged: false, answered: false, draft: false },
      hasAttachments: false,
      preview: '',
    };
    const given: FirstRows = {
      path: 'INBOX',
      mailboxes: [
        {
          path: 'INBOX',
          name: 'INBOX',
          parent: null,
          delimiter: '/',
          role: 'inbox',
          total: 1,
          unread: 1,
          selectable: true,
          subscribed: true,
        },
      ],
      page: { messages: [row], total: 1, unread: 1, uidValidity: '9', nextBefore: null, syncToken: 'tok' },
    };
    vi.spyOn(messages, 'loadHeadAhead');
    loadFirstRows({ name: 'mail', params: {}, query: {} }, given);
    expect(load).not.toHaveBeenCalled();
    expect(useMailboxStore().countsOf('INBOX')).toEqual({ total: 1, unread: 1 });
    expect(messages.lists.INBOX).toMatchObject({ uids: [7], loaded: true, syncToken: 'tok' });
    expect(messages.summary('INBOX', 7)?.subject).toBe('with the answer');
    // the mail page's own first load is the page just given: nothing is asked
    await messages.loadHead('INBOX');
    expect(listMessages).not.toHaveBeenCalled();
    expect(messages.lists.INBOX?.loading).toBe(false);

    // another folder's target: the folders are taken, its page is asked for
    loadFirstRows({ name: 'mail', params: { folder: 'Projects' }, query: {} }, given);
    expect(messages.loadHeadAhead).toHaveBeenLastCalledWith(folderDef('Projects'));
    expect(listMessages).toHaveBeenCalledWith(
      folderDef('Projects'),
      undefined,
      expect.any(AbortSignal),
      expect.any(Function),
    );
  });

  it('the mail page takes the page asked for at sign-in, even when its code arrives after the answer', async () => {
    vi.spyOn(useMailboxStore(), 'load').mockResolvedValue();
    const messages = useMessageStore();
    let answer!: (page: Awaited<ReturnType<typeof messageApi.listMessages>>) => void;
    const listMessages = vi
      .spyOn(messageApi, 'listMessages')
      .mockImplementation(() => new Promise((resolve) => (answer = resolve)));
    loadFirstRows({ name: 'mail', params: {}, query: {} });
    expect(listMessages).toHaveBeenCalledTimes(1);
    answer({ messages: [], total: 0, unread: 0, uidValidity: '1', nextBefore: null, syncToken: 't1' });
    await vi.waitFor(() => expect(messages.lists.INBOX?.loaded).toBe(true));
    // the page mounts only now (its chunk was slow): it asks nothing
    await messages.loadHead('INBOX');
    expect(listMessages).toHaveBeenCalledTimes(1);
    // only its first load: a refresh asks the server
    const refresh = messages.loadHead('INBOX');
    answer({ messages: [], total: 0, unread: 0, uidValidity: '1', nextBefore: null, syncToken: 't2' });
    await refresh;
    expect(listMessages).toHaveBeenCalledTimes(2);
    expect(messages.lists.INBOX?.syncToken).toBe('t2');
  });

  it('a page asked for at sign-in that failed is asked for again by the mail page', async () => {
    vi.spyOn(useMailboxStore(), 'load').mockResolvedValue();
    const messages = useMessageStore();
    const listMessages = vi
      .spyOn(messageApi, 'listMessages')
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValue({ messages: [], total: 0, unread: 0, uidValidity: '1', nextBefore: null });
    loadFirstRows({ name: 'mail', params: {}, query: {} });
    await vi.waitFor(() => expect(messages.lists.INBOX?.error).toBeTruthy());
    await messages.loadHead('INBOX');
    expect(listMessages).toHaveBeenCalledTimes(2);
    expect(messages.lists.INBOX?.loaded).toBe(true);
  });

  it('asks the server for the target folder only when the mail page shows the folder itself', () => {
    expect(firstPageOf({ name: 'mail', params: {}, query: {} })).toBe('INBOX');
    expect(firstPageOf({ name: 'mail', params: { folder: 'Projects' }, query: {} })).toBe('Projects');
    expect(firstPageOf({ name: 'search', params: { folder: 'INBOX' }, query: { q: 'x' } })).toBeUndefined();
    expect(firstPageOf({ name: 'mail', params: {}, query: { sort: 'size' } })).toBeUndefined();
    expect(firstPageOf({ name: 'devices', params: {}, query: {} })).toBeUndefined();
  });
});
