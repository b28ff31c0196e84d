import type { ImapFlow } from 'imapflow';
import type { MessagePage } from '@pigeon/shared';
import { mailOperationFailed } from '../../imap/imap-errors.ts';
import { canSort, canSortDisplay, ServerRefused, uidSearch, uidSort } from '../../imap/search-sort.ts';
import { toSequenceSet } from '../../imap/sequence-set.ts';
import { searchCancelled, searchFailed } from '../list-view.errors.ts';
import { fromSortValue, orderByKeys, subjectSortValue, type OrderKey } from '../list/list-order.ts';
import {
  hasCriteria,
  isPlainFolder,
  readsText,
  pageAfter,
  searchKeys,
  sortCriteria,
  type ListView,
} from '../list/list-view.ts';
import { countUnseen, listMessages } from './message-list.ts';
import { fetchRows } from './message-rows.ts';
import type { ListOrderCache } from '../list/list-order-cache.ts';
import type { RowCache } from './row-cache.ts';

export interface ListViewDeps {
  client: ImapFlow;
  /** the selected mailbox (run under its lock) */
  path: string;
  view: ListView;
  /** aborted when the client gave up (closed the request): no further IMAP command is sent */
  signal?: AbortSignal | undefined;
}

const stop = (signal: AbortSignal | undefined) => {
  if (signal?.aborted) throw searchCancelled();
};

/**
 * Sort values of `uids` read from the server, for servers without SORT: one FETCH of just the field needed (RFC822.SIZE,
 * or the raw From or Subject field, not whole envelopes: 50,000 envelopes took 4–5 s to fetch and parse).
 */
async function orderKeys(client: ImapFlow, uids: number[], view: ListView): Promise<OrderKey[]> {
  if (uids.length === 0) return [];
  const set = toSequenceSet(uids);
  if (view.sort === 'size') {
    const rows = await client.fetchAll(set, { uid: true, size: true }, { uid: true });
    return rows.map((m) => ({ uid: m.uid, value: m.size ?? 0 }));
  }
  const field = view.sort === 'from' ? 'from' : 'subject';
  const rows = await client.fetchAll(set, { uid: true, headers: [field] }, { uid: true });
  const value = field === 'from' ? fromSortValue : subjectSortValue;
  // a few hundred distinct senders or subjects among 50,000 messages: each distinct field is decoded once
  const decoded = new Map<string, string>();
  return rows.map((m) => {
    const raw = m.headers?.toString('latin1') ?? '';
    let v = decoded.get(raw);
    if (v === undefined) decoded.set(raw, (v = value(m.headers)));
    return { uid: m.uid, value: v };
  });
}

/**
 * Every UID of the view in display order: UID SEARCH for date order (arrival = UID order), UID SORT when the
 * server sorts, else a SEARCH plus one FETCH of the sort field, sorted here.
 */
export async function listOrder({ client, view, signal }: Omit<ListViewDeps, 'path'>): Promise<number[]> {
  const keys = searchKeys(view);
  stop(signal);
  try {
    if (view.sort === 'date') {
      const uids = await uidSearch(client, keys);
      return view.order === 'desc' ? uids.reverse() : uids;
    }
    if (canSort(client)) return await uidSort(client, sortCriteria(view, canSortDisplay(client)), keys);
    const uids = await uidSearch(client, keys);
    stop(signal);
    return orderByKeys(await orderKeys(client, uids, view), view);
  } catch (err) {
    if (err instanceof ServerRefused) throw searchFailed();
    throw err;
  }
}

/** The order is sorted here (no server SORT): seconds on 50,000 messages, so kept for the next pages. */
const sortsHere = (client: ImapFlow, view: ListView): boolean => view.sort !== 'date' && !canSort(client);

/**
 * One page of a folder as the view defines it (search, quick filters, sort), anchored on UIDs: `before` is the last
 * UID of the previous page. The plain folder (newest first, nothing selected) is paged without SEARCH.
 * Invariant: `path` is selected (run under the mailbox lock).
 */
export async function listViewPage(
  deps: ListViewDeps & {
    before?: number | undefined;
    limit: number;
    cache?: ListOrderCache;
    owner?: string;
    rows?: RowCache | undefined;
  },
): Promise<MessagePage> {
  const { client, path, view, before, limit, signal } = deps;
  const cached = deps.rows && deps.owner ? { rows: deps.rows, owner: deps.owner } : undefined;
  if (isPlainFolder(view)) return listMessages({ client, path, before, limit, cached });
  const box = client.mailbox;
  if (!box) throw mailOperationFailed();
  const order =
    deps.cache && deps.owner && (readsText(view) || sortsHere(client, view))
      ? await deps.cache.get(deps.owner, box, path, view, () => listOrder(deps))
      : await listOrder(deps);
  const page = pageAfter(order, before, limit);
  stop(signal);
  const messages = await fetchRows(client, page.uids, cached);
  const unread =
    deps.cache && deps.owner
      ? await deps.cache.unseen(deps.owner, box, path, () => countUnseen(client, path))
      : await countUnseen(client, path);
  return {
    messages,
    total: hasCriteria(view) ? order.length : box.exists,
    unread,
    uidValidity: String(box.uidValidity),
    nextBefore: page.next,
  };
}
