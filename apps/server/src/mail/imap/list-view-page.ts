import type { ImapFlow } from 'imapflow';
import type { ListProgress, MessagePage } from '@pigeon/shared';
import { mailOperationFailed } from '../../imap/imap-errors.ts';
import { uidFetchField, type SortField } from '../../imap/fetch-fields.ts';
import { canSort, canSortDisplay, maxResults, ServerRefused, uidSearch, uidSort } from '../../imap/search-sort.ts';
import { toSequenceSet } from '../../imap/sequence-set.ts';
import { anchorGone, searchCancelled, searchFailed } from '../list-view.errors.ts';
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
import { FolderSortKeys, type SortKeyCache } from '../list/sort-keys.ts';
import type { RowCache } from './row-cache.ts';

export interface ListViewDeps {
  client: ImapFlow;
  /** the selected mailbox (run under its lock) */
  path: string;
  view: ListView;
  /** aborted when the client gave up (closed the request): no further IMAP command is sent */
  signal?: AbortSignal | undefined;
  /** told after each batch of sort values read here (no server SORT), when there is more than one batch */
  onProgress?: ((progress: ListProgress) => void) | undefined;
  /** lets the requests queued for the mailbox lock run between batches of a sort done here, then selects `path` again */
  interleave?: (() => Promise<void>) | undefined;
  /** TESTS ONLY (TEST_SORT_HERE_PAUSE_MS): sort here even when the server offers SORT */
  sortHere?: boolean | undefined;
}

/** Sort values read per FETCH when sorting here: progress and cancel between batches, each a fraction of a second. */
export const SORT_BATCH = 5000;

const stop = (signal: AbortSignal | undefined) => {
  if (signal?.aborted) throw searchCancelled();
};

/** Where a sort without the server's SORT keeps its values across requests: the account's, for the selected folder. */
export interface KeptSortKeys {
  cache: SortKeyCache;
  owner: string;
}

/**
 * How a sort done here reads: in batches, reporting after each, stopping before the next when `signal` aborted, and
 * letting the folder's other requests run between two batches (`interleave`).
 */
interface Batches {
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ListProgress) => void) | undefined;
  interleave?: (() => Promise<void>) | undefined;
  batch?: number | undefined;
}

/**
 * `uids` in the view's order, sorted here (no server SORT). Only the values not kept yet are fetched (a folder's first
 * sort reads them all; later ones only new mail's), by raw UID FETCHes of just the field, `SORT_BATCH` UIDs each; the
 * values of a batch are kept as soon as it is read, so a sort cancelled between batches resumes where it stopped. The
 * values of expunged UIDs are dropped when the view lists the whole folder. A UID the FETCH does not answer (gone
 * meanwhile) is left out.
 */
async function orderHere(
  client: ImapFlow,
  uids: number[],
  view: ListView,
  kept?: KeptSortKeys,
  { signal, onProgress, interleave, batch = SORT_BATCH }: Batches = {},
): Promise<number[]> {
  const box = client.mailbox;
  const uidValidity = box ? String(box.uidValidity) : undefined;
  const field: SortField = view.sort === 'size' ? 'size' : view.sort === 'from' ? 'from' : 'subject';
  const keys =
    kept && box
      ? kept.cache.folder({ owner: kept.owner, path: box.path, uidValidity: String(box.uidValidity), field })
      : new FolderSortKeys(field === 'size');
  const missing = uids.filter((uid) => !keys.has(uid));
  const decode = field === 'size' ? null : field === 'from' ? fromSortValue : subjectSortValue;
  // a few hundred distinct senders or subjects among 50,000 messages: each distinct raw field is decoded once
  const decoded = new Map<string, string>();
  const report = missing.length > batch ? onProgress : undefined;
  report?.({ done: 0, total: missing.length });
  try {
    for (let at = 0; at < missing.length; at += batch) {
      if (at > 0 && interleave) {
        // the same user's opens, flags and pages of this folder go first; the UIDs read stay valid unless UIDVALIDITY moved
        await interleave();
        if (!client.mailbox || String(client.mailbox.uidValidity) !== uidValidity) throw anchorGone();
      }
      stop(signal);
      const part = missing.slice(at, at + batch);
      const fetched = await uidFetchField(client, toSequenceSet(part), field, maxResults(client));
      for (const [uid, raw] of fetched) {
        if (typeof raw === 'number' || !decode) {
          keys.set(uid, typeof raw === 'number' ? raw : 0);
          continue;
        }
        const text = raw.toString('latin1');
        let v = decoded.get(text);
        if (v === undefined) decoded.set(text, (v = decode(raw)));
        keys.set(uid, v);
      }
      report?.({ done: Math.min(missing.length, at + batch), total: missing.length });
    }
    stop(signal);
    if (!hasCriteria(view)) keys.keepOnly(uids);
  } finally {
    kept?.cache.trim();
  }
  const values: OrderKey[] = [];
  for (const uid of uids) {
    const value = keys.value(uid);
    if (value !== undefined) values.push({ uid, value });
  }
  return orderByKeys(values, view);
}

/**
 * Every UID of the view in display order: UID SEARCH for date order (arrival = UID order), UID SORT when the
 * server sorts, else a SEARCH plus one FETCH of the sort field, sorted here.
 */
export async function listOrder({
  client,
  view,
  signal,
  onProgress,
  interleave,
  sortHere,
  kept,
  batch,
}: Omit<ListViewDeps, 'path'> & { kept?: KeptSortKeys | undefined; batch?: number | undefined }): Promise<number[]> {
  const keys = searchKeys(view);
  stop(signal);
  try {
    if (view.sort === 'date') {
      const uids = await uidSearch(client, keys);
      return view.order === 'desc' ? uids.reverse() : uids;
    }
    if (canSort(client) && !sortHere) return await uidSort(client, sortCriteria(view, canSortDisplay(client)), keys);
    const uids = await uidSearch(client, keys);
    stop(signal);
    return await orderHere(client, uids, view, kept, { signal, onProgress, interleave, batch });
  } catch (err) {
    if (err instanceof ServerRefused) throw searchFailed();
    throw err;
  }
}

/** The order is sorted here (no server SORT): seconds on 50,000 messages, so kept for the next pages. */
const sortsHere = (client: ImapFlow, view: ListView, forced?: boolean): boolean =>
  view.sort !== 'date' && (!canSort(client) || !!forced);

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
  const { cache, owner } = deps;
  const order =
    cache && owner && (readsText(view) || sortsHere(client, view, deps.sortHere))
      ? await cache.get(owner, box, path, view, () => listOrder({ ...deps, kept: { cache: cache.sortKeys, owner } }))
      : await listOrder(deps);
  const page = pageAfter(order, before, limit);
  stop(signal);
  // a sort that let other requests in between its batches may find the folder selected anew: read its state now
  const now = client.mailbox || box;
  const messages = await fetchRows(client, page.uids, cached);
  const unread =
    deps.cache && deps.owner
      ? await deps.cache.unseen(deps.owner, now, path, () => countUnseen(client, path))
      : await countUnseen(client, path);
  return {
    messages,
    total: hasCriteria(view) ? order.length : now.exists,
    unread,
    uidValidity: String(now.uidValidity),
    nextBefore: page.next,
  };
}
