// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { MailboxChanges, MessageSummary } from '@pigeon/shared';
import type { PigeonSocket } from '../../api/socket';
import { useCapacityStore } from '../capacity/capacity.store';
import { useMailboxStore } from '../mailbox/mailbox.store';
import { useMessageStore } from '../message/message.store';
import type { SyncApi } from './sync.api';
import { syncStoreSetup } from './sync.store';
import { folderDef, listKey } from '../message/list-def';
import { setCurrentAccount } from '../../api/account';

/** the account the app shows; every event names its account */
const ACC = 'acc-1';

const row = (uid: number, seen = false): MessageSummary => ({
  uid,
  from: { name: 'A', address: 'a@x.test' },
  fromIsAddress: true,
  to: [],
  subject: `m${uid}`,
  date: '2026-01-01T00:00:00.000Z',
  size: 1,
  flags: { seen, flagged: false, answered: false, draft: false },
  hasAttachments: false,
  preview: '',
});

/** Records handlers; `server(event, payload)` plays what the server would send. */
function fakeSocket() {
  const handlers = new Map<string, ((payload?: unknown) => void)[]>();
  const sent: unknown[][] = [];
  const socket = {
    connected: false,
    on(event: string, fn: (payload?: unknown) => void) {
      handlers.set(event, [...(handlers.get(event) ?? []), fn]);
      return socket;
    },
    emit: (...args: unknown[]) => sent.push(args),
    connect() {
      socket.connected = true;
      for (const fn of handlers.get('connect') ?? []) fn();
    },
    disconnect() {
      socket.connected = false;
      for (const fn of handlers.get('disconnect') ?? []) fn();
    },
    removeAllListeners: () => handlers.clear(),
  };
  const server = (event: string, payload: unknown) => {
    for (const fn of handlers.get(event) ?? []) fn(payload);
  };
  return { socket: socket as unknown as PigeonSocket, server, sent };
}

const changes = (over: Partial<MailboxChanges>): MailboxChanges => ({
  reset: false,
  added: [],
  changed: [],
  removed: [],
  total: 0,
  unread: 0,
  syncToken: 't2',
  ...over,
});

describe('sync store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    setCurrentAccount(ACC);
  });

  /** `live`: play what the server sends on every connection, the account's state (live here). */
  async function setup(api: SyncApi, { live = true } = {}) {
    const messages = useMessageStore();
    const list = (messages.lists.INBOX = {
      def: folderDef('INBOX'),
      total: 2,
      stale: false,
      uids: [3, 2],
      nextBefore: null,
      uidValidity: '1',
      loaded: true,
      loading: false,
      error: null,
      syncToken: 't1',
    });
    messages.messagesById[`INBOX\n3`] = row(3);
    messages.messagesById[`INBOX\n2`] = row(2, true);
    useMailboxStore().mailboxes = [
      {
        path: 'INBOX',
        name: 'INBOX',
        parent: null,
        delimiter: '/',
        role: 'inbox',
        total: 2,
        unread: 1,
        selectable: true,
        subscribed: true,
      },
    ];
    useMailboxStore().loaded = true;
    vi.spyOn(useMailboxStore(), 'load').mockResolvedValue();
    const loadHead = vi.spyOn(messages, 'loadHead').mockResolvedValue();
    const fake = fakeSocket();
    const sync = syncStoreSetup(api, () => fake.socket);
    sync.start(() => {});
    if (live) fake.server('account.stateChanged', { accountId: ACC, state: 'live' });
    return { messages, list, sync, loadHead, ...fake };
  }

  it('resyncs loaded folders by difference once the account is live, and says which folder it shows', async () => {
    const api = { changes: vi.fn(async () => changes({ added: [row(4)], removed: [2], total: 2, unread: 2 })) };
    const { list, sent, server, sync } = await setup(api, { live: false });
    sync.watch('INBOX');
    expect(sent).toContainEqual(['mailbox.watch', 'INBOX', ACC]);
    // connected, the account not yet live: its 'live' is what resyncs (doing it on connect too fetched it all twice)
    expect(sync.state.value).toBe('reconnecting');
    expect(api.changes).not.toHaveBeenCalled();
    server('account.stateChanged', { accountId: ACC, state: 'live' });
    expect(sync.state.value).toBe('live');
    await vi.waitFor(() => expect(list.uids).toEqual([4, 3]));
    expect(api.changes).toHaveBeenCalledTimes(1);
    expect(api.changes).toHaveBeenCalledWith('INBOX', 't1');
    expect(list.syncToken).toBe('t2');
    expect(useMailboxStore().get('INBOX')).toMatchObject({ total: 2, unread: 2 });
    // the folders were read with the first rows, and the watcher's baseline announces every folder's counts
    expect(useMailboxStore().load).not.toHaveBeenCalled();
  });

  it('reads the folders on the first live when the page has none yet', async () => {
    const api = { changes: vi.fn(async () => changes({})) };
    const { server } = await setup(api, { live: false });
    useMailboxStore().loaded = false;
    server('account.stateChanged', { accountId: ACC, state: 'live' });
    expect(useMailboxStore().load).toHaveBeenCalledTimes(1);
  });

  it('resyncs once when the socket comes back while the account stayed live', async () => {
    const api = { changes: vi.fn(async () => changes({})) };
    const { socket, server } = await setup(api);
    await vi.waitFor(() => expect(api.changes).toHaveBeenCalledTimes(1));
    socket.disconnect();
    socket.connect();
    server('account.stateChanged', { accountId: ACC, state: 'live' });
    await vi.waitFor(() => expect(api.changes).toHaveBeenCalledTimes(2));
    // after a gap folders may have come or gone: read again (the first live did not: they came with the first rows)
    expect(useMailboxStore().load).toHaveBeenCalledTimes(1);
  });

  it('patches flags and removes rows from events, and fetches added rows', async () => {
    const api = { changes: vi.fn(async () => changes({})) };
    const { messages, list, server } = await setup(api);
    await vi.waitFor(() => expect(api.changes).toHaveBeenCalledTimes(1));
    server('message.flagsChanged', {
      accountId: ACC,
      path: 'INBOX',
      changes: [{ uid: 3, flags: { ...row(3).flags, seen: true } }],
    });
    expect(messages.summary('INBOX', 3)?.flags.seen).toBe(true);
    server('message.removed', { accountId: ACC, path: 'INBOX', uids: [3] });
    expect(list.uids).toEqual([2]);
    api.changes.mockResolvedValueOnce(changes({ added: [row(9)], syncToken: 't3' }));
    server('message.added', { accountId: ACC, path: 'INBOX', uids: [9] });
    await vi.waitFor(() => expect(list.uids).toEqual([9, 2]));
    expect(list.syncToken).toBe('t3');
    server('mailbox.countsChanged', { accountId: ACC, path: 'INBOX', total: 7, unread: 5 });
    expect(useMailboxStore().get('INBOX')).toMatchObject({ total: 7, unread: 5 });
  });

  it('takes the rows pushed with message.added without asking for changes, and keeps the token for a reconnect', async () => {
    const api = { changes: vi.fn(async () => changes({})) };
    const { messages, list, server } = await setup(api);
    await vi.waitFor(() => expect(api.changes).toHaveBeenCalledTimes(1));
    const search = { ...folderDef('INBOX'), q: 'm' };
    messages.lists[listKey(search)] = { ...list, def: search, uids: [3] };
    server('message.added', { accountId: ACC, path: 'INBOX', uids: [8, 9], rows: [row(8), row(9)] });
    expect(list.uids).toEqual([9, 8, 3, 2]);
    expect(messages.summary('INBOX', 9)?.subject).toBe('m9');
    expect(messages.lists[listKey(search)]?.stale).toBe(true);
    expect(api.changes).toHaveBeenCalledTimes(1);
    expect(list.syncToken).toBe('t2');
  });

  it('asks the quota again only when a count change can have changed the size', async () => {
    const api = { changes: vi.fn(async () => changes({})) };
    const { server } = await setup(api);
    await vi.waitFor(() => expect(useMailboxStore().get('INBOX')?.total).toBe(0)); // the resync's counts
    const refreshSoon = vi.spyOn(useCapacityStore(), 'refreshSoon').mockImplementation(() => {});
    server('mailbox.countsChanged', { accountId: ACC, path: 'INBOX', total: 0, unread: 0 });
    expect(refreshSoon).not.toHaveBeenCalled();
    server('mailbox.countsChanged', { accountId: ACC, path: 'INBOX', total: 1, unread: 1 });
    expect(refreshSoon).toHaveBeenCalledTimes(1);
  });

  it('ignores the events of an account it does not show', async () => {
    const api = { changes: vi.fn(async () => changes({})) };
    const { messages, list, server, sync } = await setup(api);
    await vi.waitFor(() => expect(api.changes).toHaveBeenCalledTimes(1));
    const counts = { ...useMailboxStore().get('INBOX') };
    const other = 'acc-2';
    server('message.flagsChanged', {
      accountId: other,
      path: 'INBOX',
      changes: [{ uid: 3, flags: { ...row(3).flags, seen: true } }],
    });
    server('message.removed', { accountId: other, path: 'INBOX', uids: [2] });
    server('message.added', { accountId: other, path: 'INBOX', uids: [9], rows: [row(9)] });
    server('mailbox.countsChanged', { accountId: other, path: 'INBOX', total: 7, unread: 5 });
    server('account.stateChanged', { accountId: other, state: 'reauth' });
    expect(messages.summary('INBOX', 3)?.flags.seen).toBe(false);
    expect(list.uids).toEqual([3, 2]);
    expect(list.stale).toBe(false);
    expect(useMailboxStore().get('INBOX')).toEqual(counts);
    expect(sync.state.value).not.toBe('reauth');
    expect(api.changes).toHaveBeenCalledTimes(1);
  });

  it('reloads the list when the server cannot tell the difference', async () => {
    const api = { changes: vi.fn(async () => changes({ reset: true })) };
    const { loadHead } = await setup(api);
    await vi.waitFor(() => expect(loadHead).toHaveBeenCalledWith('INBOX'));
  });
});
