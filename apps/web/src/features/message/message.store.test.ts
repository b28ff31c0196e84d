import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, defineStore, setActivePinia } from 'pinia';
import type { ConversationSummary, Mailbox, MessageDetail, MessagePage, MessageSummary } from '@pigeon/shared';
import { useMailboxStore } from '../mailbox/mailbox.store';
import type { MessageApi } from './message.api';
import { defFromQuery, folderDef, listKey, withConversations, type ListDef } from './list-def';
import { keyParts, messageKey, messageStoreSetup } from './message.store';

const summary = (uid: number, flags: Partial<MessageSummary['flags']> = {}): MessageSummary => ({
  uid,
  from: { name: 'Ann', address: 'ann@example.com' },
  fromIsAddress: true,
  to: [],
  subject: `Message ${uid}`,
  date: '2025-01-01T10:00:00.000Z',
  size: 1000,
  flags: { seen: true, flagged: false, answered: false, draft: false, ...flags },
  hasAttachments: false,
  preview: '',
});

/** A folder of `count` messages with UIDs 1..count, paged newest first like the server. */
function fakeFolder(count: number, unread: (uid: number) => boolean = () => false) {
  const all = Array.from({ length: count }, (_, i) => summary(count - i, { seen: !unread(count - i) }));
  return (before?: number): MessagePage => {
    const older = all.filter((m) => before === undefined || m.uid < before);
    const messages = older.slice(0, 50);
    const last = messages.at(-1);
    return {
      messages,
      total: count,
      unread: all.filter((m) => !m.flags.seen).length,
      uidValidity: '1',
      nextBefore: last && older.length > 50 ? last.uid : null,
    };
  };
}

const mailbox = (path: string, role: Mailbox['role'], unread = 0, total = 0): Mailbox => ({
  path,
  name: path,
  parent: null,
  delimiter: '/',
  role,
  total,
  unread,
  selectable: true,
  subscribed: true,
});

function setup(api: Partial<MessageApi>) {
  const full: MessageApi = {
    listMessages: vi.fn(async () => fakeFolder(0)()),
    getMessage: vi.fn(),
    runAction: vi.fn(async (_path, body) => ({
      action: body.action,
      uids: body.uids,
      destination: null,
      expunged: false,
    })),
    runConversationAction: vi.fn(async (_path, _id, body) => ({
      action: body.action,
      uids: [],
      destination: null,
      expunged: false,
    })),
    ...api,
  };
  const store = defineStore('message-under-test', () => messageStoreSetup(full))();
  const mailboxes = useMailboxStore();
  mailboxes.mailboxes = [mailbox('INBOX', 'inbox', 3, 120), mailbox('Trash', 'trash'), mailbox('Archive', 'archive')];
  return { store, api: full, mailboxes };
}

beforeEach(() => setActivePinia(createPinia()));

describe('message list paging', () => {
  it('loads pages by the nextBefore anchor and stops at the oldest message', async () => {
    const page = fakeFolder(120);
    const listMessages = vi.fn(async (_def: ListDef, before?: number) => page(before));
    const { store } = setup({ listMessages });

    await store.loadHead('INBOX');
    expect(store.lists.INBOX!.uids).toHaveLength(50);
    expect(store.lists.INBOX!.uids[0]).toBe(120);
    expect(store.lists.INBOX!.nextBefore).toBe(71);

    await store.loadMore('INBOX');
    await store.loadMore('INBOX');
    expect(listMessages.mock.calls.map((c) => c[1])).toEqual([undefined, 71, 21]);
    expect(store.lists.INBOX!.uids).toHaveLength(120);
    expect(store.lists.INBOX!.uids.at(-1)).toBe(1);
    expect(store.lists.INBOX!.nextBefore).toBeNull();

    await store.loadMore('INBOX');
    expect(listMessages).toHaveBeenCalledTimes(3);
  });

  it('shares one request between concurrent calls for the same page', async () => {
    const page = fakeFolder(120);
    const listMessages = vi.fn(async (_def: ListDef, before?: number) => page(before));
    const { store } = setup({ listMessages });
    await store.loadHead('INBOX');
    await Promise.all([store.loadMore('INBOX'), store.loadMore('INBOX')]);
    expect(listMessages).toHaveBeenCalledTimes(2);
    expect(new Set(store.lists.INBOX!.uids).size).toBe(100);
  });

  it('refreshing the head adds new mail on top and keeps older loaded pages', async () => {
    let page = fakeFolder(120);
    const { store } = setup({ listMessages: async (_p, before) => page(before) });
    await store.loadHead('INBOX');
    await store.loadMore('INBOX');
    page = fakeFolder(122);
    await store.loadHead('INBOX');
    const uids = store.lists.INBOX!.uids;
    expect(uids.slice(0, 3)).toEqual([122, 121, 120]);
    expect(uids).toHaveLength(102);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('keeps the error on the list so the view can offer a retry', async () => {
    const { store } = setup({ listMessages: async () => Promise.reject(new Error('down')) });
    await expect(store.loadHead('INBOX')).rejects.toThrow('down');
    expect(store.lists.INBOX!.error).toBeInstanceOf(Error);
    expect(store.lists.INBOX!.loading).toBe(false);
  });

  it('takes folder counts from the page', async () => {
    const { store, mailboxes } = setup({ listMessages: async (_p, b) => fakeFolder(7, (uid) => uid > 5)(b) });
    await store.loadHead('INBOX');
    expect(mailboxes.countsOf('INBOX')).toEqual({ total: 7, unread: 2 });
  });
});

describe('loading a message', () => {
  const detail = (uid: number): MessageDetail => ({
    ...summary(uid, { seen: false }),
    cc: [],
    bcc: [],
    replyTo: [],
    messageId: null,
    inReplyTo: null,
    references: [],
    text: 'hello',
    hasHtml: false,
    hasRemoteContent: false,
    attachments: [],
    bodyNotice: null,
  });

  it('caches the detail and leaves it unread: marking read is a separate POST after display', async () => {
    const { store, mailboxes, api } = setup({
      listMessages: async (_p, b) => fakeFolder(10, (uid) => uid === 10)(b),
      getMessage: async (_p, uid) => detail(uid),
    });
    await store.loadHead('INBOX');
    expect(mailboxes.countsOf('INBOX')!.unread).toBe(1);
    await store.loadDetail('INBOX', 10);
    expect(store.summary('INBOX', 10)!.flags.seen).toBe(false);
    expect(store.cachedDetail('INBOX', 10)!.flags.seen).toBe(false);
    expect(mailboxes.countsOf('INBOX')!.unread).toBe(1);
    expect(api.runAction).not.toHaveBeenCalled();

    await store.act('INBOX', 'markRead', [10]);
    expect(api.runAction).toHaveBeenCalledWith('INBOX', { action: 'markRead', uids: [10] });
    expect(store.cachedDetail('INBOX', 10)!.flags.seen).toBe(true);
    expect(mailboxes.countsOf('INBOX')!.unread).toBe(0);
  });

  it('shares one request between the reader and a prefetch of the same message, and passes the signal on', async () => {
    const getMessage = vi.fn(async (_p: string, uid: number) => detail(uid));
    const { store } = setup({ getMessage });
    const signal = new AbortController().signal;
    const [a, b] = await Promise.all([store.loadDetail('INBOX', 4, signal), store.loadDetail('INBOX', 4)]);
    expect(a).toBe(b);
    expect(getMessage).toHaveBeenCalledTimes(1);
    expect(getMessage).toHaveBeenCalledWith('INBOX', 4, signal);
  });

  it('keeps the cache within its byte bound, dropping the oldest details first', async () => {
    const big = 'x'.repeat(1024 * 1024); // 2 MB counted per detail
    const { store } = setup({ getMessage: async (_p, uid) => ({ ...detail(uid), text: big }) });
    for (let uid = 1; uid <= 6; uid++) await store.loadDetail('INBOX', uid);
    expect(store.cachedDetail('INBOX', 1)).toBeUndefined();
    expect(store.cachedDetail('INBOX', 2)).toBeUndefined();
    expect(store.cachedDetail('INBOX', 6)).toBeDefined();
    expect(Object.keys(store.details).length).toBeLessThanOrEqual(4);
  });
});

describe('optimistic actions', () => {
  async function loaded(runAction: MessageApi['runAction']) {
    const ctx = setup({ listMessages: async (_p, b) => fakeFolder(5, (uid) => uid >= 4)(b), runAction });
    await ctx.store.loadHead('INBOX');
    return ctx;
  }

  it('applies flags before the server answers', async () => {
    let answer!: () => void;
    const runAction = vi.fn(
      (_p: string, body: { action: string; uids: number[] }) =>
        new Promise<never>((resolve) => {
          answer = () => resolve({ action: body.action, uids: body.uids, destination: null, expunged: false } as never);
        }),
    );
    const { store, mailboxes } = await loaded(runAction);
    const done = store.act('INBOX', 'markRead', [5, 4]);
    expect(store.summary('INBOX', 5)!.flags.seen).toBe(true);
    expect(mailboxes.countsOf('INBOX')!.unread).toBe(0);
    answer();
    await done;
    expect(runAction).toHaveBeenCalledWith('INBOX', { action: 'markRead', uids: [5, 4] });
  });

  it('rolls back flags and counts when the server refuses', async () => {
    const { store, mailboxes } = await loaded(async () => Promise.reject(new Error('refused')));
    await expect(store.act('INBOX', 'star', [3])).rejects.toThrow('refused');
    expect(store.summary('INBOX', 3)!.flags.flagged).toBe(false);
    await expect(store.act('INBOX', 'markUnread', [3, 2])).rejects.toThrow('refused');
    expect(store.summary('INBOX', 3)!.flags.seen).toBe(true);
    expect(mailboxes.countsOf('INBOX')!.unread).toBe(2);
  });

  it('removes deleted rows at once, moves counts to Trash, and restores them on failure', async () => {
    let fail = false;
    const { store, mailboxes } = await loaded(async (_p, body) => {
      if (fail) throw new Error('nope');
      return { action: body.action, uids: body.uids, destination: 'Trash', expunged: false };
    });
    await store.act('INBOX', 'delete', [5]);
    expect(store.lists.INBOX!.uids).toEqual([4, 3, 2, 1]);
    expect(mailboxes.countsOf('INBOX')).toEqual({ total: 4, unread: 1 });
    expect(mailboxes.countsOf('Trash')).toEqual({ total: 1, unread: 1 });

    fail = true;
    store.setSelection([4, 2]);
    const pending = store.act('INBOX', 'archive', [4, 2]);
    expect(store.lists.INBOX!.uids).toEqual([3, 1]);
    expect(store.selected).toEqual([]);
    await expect(pending).rejects.toThrow('nope');
    expect(store.lists.INBOX!.uids).toEqual([4, 3, 2, 1]);
    expect(mailboxes.countsOf('INBOX')).toEqual({ total: 4, unread: 1 });
    expect(mailboxes.countsOf('Archive')).toEqual({ total: 0, unread: 0 });
  });

  it('picks the next older message after a removal, else the newer one', async () => {
    const { store } = await loaded(async (_p, body) => ({
      action: body.action,
      uids: body.uids,
      destination: null,
      expunged: true,
    }));
    expect(store.neighborAfterRemoval('INBOX', 4, [4])).toBe(3);
    expect(store.neighborAfterRemoval('INBOX', 2, [2, 1])).toBe(3);
    expect(store.neighborAfterRemoval('INBOX', 1, [1, 2, 3, 4, 5])).toBeNull();
  });
});

describe('a slow detail response', () => {
  it('does not undo an action taken while it was on its way', async () => {
    let answer!: (d: MessageDetail) => void;
    const { store, mailboxes } = setup({
      listMessages: async (_p, b) => fakeFolder(3, (uid) => uid === 3)(b),
      getMessage: () => new Promise<MessageDetail>((resolve) => (answer = resolve)),
    });
    await store.loadHead('INBOX');
    const opening = store.loadDetail('INBOX', 3);
    await store.act('INBOX', 'star', [3]);
    answer({
      ...summary(3, { seen: false }),
      cc: [],
      bcc: [],
      replyTo: [],
      messageId: null,
      inReplyTo: null,
      references: [],
      text: '',
      hasHtml: false,
      hasRemoteContent: false,
      attachments: [],
      bodyNotice: null,
    });
    await opening;
    expect(store.summary('INBOX', 3)!.flags).toMatchObject({ flagged: true, seen: false });
    expect(mailboxes.countsOf('INBOX')!.unread).toBe(1);
  });
});

describe('lists keyed by definition', () => {
  const sizeView = defFromQuery('INBOX', { sort: 'size', unread: 'true' });

  it('keeps each view of a folder apart, over one message cache', async () => {
    const listMessages = vi.fn(async (def: ListDef) => {
      const page = fakeFolder(6, (uid) => uid % 2 === 0)();
      if (def.unread) page.messages = page.messages.filter((m) => !m.flags.seen).reverse();
      page.total = page.messages.length;
      return page;
    });
    const { store, mailboxes } = setup({ listMessages });
    await store.loadHead('INBOX');
    await store.loadHead(sizeView);
    expect(store.lists.INBOX!.uids).toEqual([6, 5, 4, 3, 2, 1]);
    expect(store.lists[listKey(sizeView)]!.uids).toEqual([2, 4, 6]);
    expect(store.lists[listKey(sizeView)]!.total).toBe(3);
    expect(listMessages.mock.calls[1]![0]).toMatchObject({ sort: 'size', unread: true });
    // a filtered view does not overwrite the folder's total
    expect(mailboxes.countsOf('INBOX')?.total).toBe(6);
    // one row object per message: a flag change shows in every list
    store.applyChanges('INBOX', { changed: [{ uid: 4, flags: { ...summary(4).flags, flagged: true } }] });
    expect(store.summary('INBOX', 4)?.flags.flagged).toBe(true);
  });

  it('removes deleted mail from every list of the folder; new mail marks the other lists stale', async () => {
    const { store } = setup({ listMessages: async () => fakeFolder(4)() });
    await store.loadHead('INBOX');
    await store.loadHead(sizeView);
    store.applyChanges('INBOX', { removed: [3] });
    expect(store.lists.INBOX!.uids).not.toContain(3);
    expect(store.lists[listKey(sizeView)]!.uids).not.toContain(3);
    store.applyChanges('INBOX', { added: [summary(5)] });
    expect(store.lists.INBOX!.uids[0]).toBe(5);
    expect(store.lists.INBOX!.stale).toBe(false);
    expect(store.lists[listKey(sizeView)]!.stale).toBe(true);
    expect(store.lists[listKey(sizeView)]!.uids).not.toContain(5);
  });

  it("keeps a sort's progress while its first page loads, clears it with the answer; cancelled, the list says so", async () => {
    const byFrom = defFromQuery('INBOX', { sort: 'from' });
    let told: ((p: { done: number; total: number }) => void) | undefined;
    let answer!: (page: MessagePage) => void;
    const listMessages = vi.fn(
      (
        _def: ListDef,
        _before?: number,
        signal?: AbortSignal,
        onProgress?: (p: { done: number; total: number }) => void,
      ) =>
        new Promise<MessagePage>((resolve, reject) => {
          told = onProgress;
          answer = resolve;
          signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const { store } = setup({ listMessages });
    const loading = store.loadHead(byFrom);
    const list = () => store.lists[listKey(byFrom)]!;
    expect(list().progress).toBeNull();
    told?.({ done: 5000, total: 12000 });
    expect(list().progress).toEqual({ done: 5000, total: 12000 });
    answer(fakeFolder(3)());
    await loading;
    expect(list().progress).toBeNull();
    expect(list().uids).toEqual([3, 2, 1]);

    const again = store.loadHead(byFrom);
    told?.({ done: 0, total: 12000 });
    store.cancelHead(byFrom);
    await expect(again).rejects.toMatchObject({ name: 'AbortError' });
    expect(list().progress).toBeNull();
  });

  it('reloads from the top when the page anchor left a sorted list', async () => {
    let calls = 0;
    const listMessages = vi.fn(async (_def: ListDef, before?: number) => {
      calls += 1;
      if (before !== undefined) throw Object.assign(new Error('gone'), { code: 'list.anchor_gone' });
      return { ...fakeFolder(120)(), nextBefore: 71 };
    });
    const { store } = setup({ listMessages });
    await store.loadHead(sizeView);
    await store.loadMore(sizeView);
    expect(calls).toBe(3);
    expect(store.lists[listKey(sizeView)]!.uids).toHaveLength(50);
  });
});

describe('conversation lists', () => {
  const grouped = withConversations(folderDef('INBOX'), true);
  const conversation = (id: number, latest: number, count: number, unread: number): ConversationSummary => ({
    id,
    count,
    unread,
    flagged: false,
    participants: ['Ann'],
    latest: summary(latest, { seen: unread === 0 }),
  });
  const pageOf = (list: ConversationSummary[]) => ({
    messages: list.map((c) => c.latest),
    conversations: list,
    total: list.length,
    unread: 0,
    uidValidity: '1',
    nextBefore: null,
  });

  it('keeps each row’s conversation, and reads the list again when a reply arrives instead of marking it stale', async () => {
    let answer = [conversation(1, 3, 2, 1), conversation(2, 2, 1, 0)];
    const listMessages = vi.fn(async (def: ListDef) => (def.conversations ? pageOf(answer) : fakeFolder(3)()));
    const { store } = setup({ listMessages });
    await store.loadHead(grouped);
    await store.loadHead('INBOX');
    expect(store.lists[listKey(grouped)]!.uids).toEqual([3, 2]);
    expect(store.conversationOf('INBOX', 3)).toMatchObject({ id: 1, count: 2 });

    answer = [conversation(1, 4, 3, 2), conversation(2, 2, 1, 0)];
    store.applyChanges('INBOX', { added: [summary(4, { seen: false })] });
    await vi.waitFor(() => expect(store.lists[listKey(grouped)]!.uids).toEqual([4, 2]));
    expect(store.lists[listKey(grouped)]!.stale).toBe(false);
    expect(store.conversationOf('INBOX', 4)).toMatchObject({ id: 1, count: 3, unread: 2 });
  });

  it('applies an action to whole conversations on the server and restores the rows when it fails', async () => {
    const listMessages = vi.fn(async () => pageOf([conversation(1, 3, 2, 1), conversation(2, 2, 1, 0)]));
    const runConversationAction = vi.fn(async () => {
      throw new Error('offline');
    });
    const { store } = setup({ listMessages, runConversationAction });
    await store.loadHead(grouped);
    const done = store.actOnConversations(grouped, [3], 'archive');
    expect(store.lists[listKey(grouped)]!.uids).toEqual([2]);
    await expect(done).rejects.toThrow('offline');
    expect(runConversationAction).toHaveBeenCalledWith('INBOX', 1, { action: 'archive' });
    expect(store.lists[listKey(grouped)]!.uids).toEqual([3, 2]);
  });
});

describe('results of a search in every folder', () => {
  const found = (path: string, uid: number, flags: Partial<MessageSummary['flags']> = {}) => ({
    ...summary(uid, flags),
    path,
  });
  const Q = '{"q":"학교"}';

  it('keeps rows of many folders by path and UID, pages by appending, and a new first page replaces them', () => {
    const { store } = setup({});
    store.putFound(Q, [found('학교 공지', 3), found('Sent', 3), found('INBOX', 9)], 'c1', false);
    expect(store.found[Q]).toEqual({ keys: ['학교 공지\n3', 'Sent\n3', 'INBOX\n9'], cursor: 'c1', stale: false });
    expect(store.summary('Sent', 3)?.subject).toBe('Message 3');
    store.putFound(Q, [found('INBOX', 9), found('INBOX', 2)], null, true);
    expect(store.found[Q]!.keys).toEqual(['학교 공지\n3', 'Sent\n3', 'INBOX\n9', 'INBOX\n2']);
    expect(store.found[Q]!.cursor).toBeNull();
    store.putFound(Q, [found('INBOX', 2)], null, false);
    expect(store.found[Q]!.keys).toEqual(['INBOX\n2']);
  });

  it('applies flags and removals at once, by action or by live event, and marks new mail as new results', async () => {
    const runAction = vi.fn(async () => {
      throw new Error('server says no');
    });
    const { store } = setup({ runAction });
    store.putFound(Q, [found('Sent', 3), found('INBOX', 9, { seen: false }), found('INBOX', 2)], null, false);

    store.applyChanges('INBOX', {
      changed: [{ uid: 9, flags: { seen: true, flagged: true, answered: false, draft: false } }],
    });
    expect(store.summary('INBOX', 9)?.flags).toMatchObject({ seen: true, flagged: true });

    store.applyChanges('INBOX', { removed: [2] });
    expect(store.found[Q]!.keys).toEqual(['Sent\n3', 'INBOX\n9']);

    // a failed action puts the row back where it was
    await expect(store.act('Sent', 'delete', [3])).rejects.toThrow('server says no');
    expect(store.found[Q]!.keys).toEqual(['Sent\n3', 'INBOX\n9']);

    expect(store.found[Q]!.stale).toBe(false);
    store.applyChanges('Archive', { added: [summary(40)] });
    expect(store.found[Q]!.stale).toBe(true);
  });

  it('takes a removed row out at once when the action succeeds', async () => {
    const { store } = setup({});
    store.putFound(Q, [found('Sent', 3), found('INBOX', 9)], null, false);
    await store.act('INBOX', 'archive', [9]);
    expect(store.found[Q]!.keys).toEqual(['Sent\n3']);
  });

  it('acts on checked rows of two folders at once: one folder failing brings back only its own rows', async () => {
    const runAction = vi.fn(async (path: string, body: { action: string; uids: number[] }) => {
      if (path === 'Sent') throw new Error('server says no');
      return { action: body.action, uids: body.uids, destination: 'Trash', expunged: false } as never;
    });
    const { store, mailboxes } = setup({ runAction });
    mailboxes.mailboxes.push(mailbox('Sent', 'sent', 0, 5));
    store.putFound(
      Q,
      [found('Sent', 3), found('INBOX', 9, { seen: false }), found('INBOX', 2), found('Sent', 1)],
      null,
      false,
    );
    store.setFoundSelection(['Sent\n3', 'INBOX\n9', 'Sent\n1']);
    const inbox = store.act('INBOX', 'delete', [9]);
    const sent = store.act('Sent', 'delete', [3, 1]);
    expect(store.found[Q]!.keys).toEqual(['INBOX\n2']);
    // the selection loses what left the results
    expect(store.foundSelected).toEqual([]);
    await inbox;
    await expect(sent).rejects.toThrow('server says no');
    expect(store.found[Q]!.keys).toEqual(['Sent\n3', 'INBOX\n2', 'Sent\n1']);
    expect(runAction.mock.calls.map(([path, body]) => [path, body.uids])).toEqual([
      ['INBOX', [9]],
      ['Sent', [3, 1]],
    ]);
    // Trash keeps the one that did go there; INBOX keeps the one it lost
    expect(mailboxes.countsOf('Trash')).toEqual({ total: 1, unread: 1 });
    expect(mailboxes.countsOf('INBOX')).toEqual({ total: 119, unread: 2 });
    expect(mailboxes.countsOf('Sent')).toEqual({ total: 5, unread: 0 });
  });

  it('says where an action puts a message, so a result already there is left alone', () => {
    const { store, mailboxes } = setup({});
    mailboxes.mailboxes.push(mailbox('Junk', 'junk'));
    expect(store.destinationOf('INBOX', 'delete')).toBe('Trash');
    expect(store.destinationOf('Trash', 'delete')).toBeNull();
    expect(store.destinationOf('Archive', 'archive')).toBe('Archive');
    expect(store.destinationOf('Junk', 'junk')).toBe('Junk');
    expect(store.destinationOf('Sent', 'move', 'Sent')).toBe('Sent');
  });
});

describe('keyParts', () => {
  it('splits a message key on its last line break, so a folder name may hold anything else', () => {
    expect(keyParts(messageKey('학교/공지 🎒', 42))).toEqual({ path: '학교/공지 🎒', uid: 42 });
  });
});
