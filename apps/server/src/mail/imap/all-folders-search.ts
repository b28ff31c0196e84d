import type { ImapFlow } from 'imapflow';
import type { AllFoldersPage, AllFoldersProgress, Mailbox } from '@pigeon/shared';
import { mailOperationFailed } from '../../imap/imap-errors.ts';
import { canSort, ServerRefused, uidSearch, uidSort } from '../../imap/search-sort.ts';
import { toSequenceSet } from '../../imap/sequence-set.ts';
import { DONE, decodeCursor, encodeCursor, mergeByDate, type FolderRows } from '../list/all-folders.ts';
import type { ListOrderCache } from '../list/list-order-cache.ts';
import type { RowCache } from './row-cache.ts';
import { searchCancelled, searchFailed } from '../list-view.errors.ts';
import { pageAfter, searchKeys, type ListView } from '../list/list-view.ts';
import { fetchRows } from './message-rows.ts';
import { toIsoDate } from './summary.mapper.ts';

/** Every UID of the view in the selected folder, newest Date first (SORT DATE; without SORT, sorted here). */
export async function dateOrder(client: ImapFlow, view: ListView): Promise<number[]> {
  const keys = searchKeys(view);
  try {
    if (canSort(client)) return await uidSort(client, ['REVERSE', 'DATE'], keys);
    const uids = await uidSearch(client, keys);
    if (uids.length === 0) return [];
    const rows = await client.fetchAll(
      toSequenceSet(uids),
      { uid: true, envelope: true, internalDate: true },
      {
        uid: true,
      },
    );
    const at = (m: (typeof rows)[number]) => Date.parse(toIsoDate(m.envelope?.date, m.internalDate));
    // RFC 5256's order: date, then arrival; reversed for newest first
    return rows
      .sort((a, b) => at(a) - at(b) || a.uid - b.uid)
      .map((m) => m.uid)
      .reverse();
  } catch (err) {
    if (err instanceof ServerRefused) throw searchFailed();
    throw err;
  }
}

export interface AllFoldersDeps {
  /** every folder of the account (selectable ones with messages are searched) */
  folders: Mailbox[];
  /** the view's next `limit` matches of one folder after UID `after` (undefined: from the newest), newest Date first */
  folderRows: (path: string, after: number | undefined, limit: number) => Promise<Omit<FolderRows, 'path'>>;
  cursor: string | undefined;
  limit: number;
  /** aborted when the client gave up: no further folder is searched */
  signal?: AbortSignal | undefined;
  /** told before each folder is searched ("folder n of m") */
  onProgress?: ((progress: AllFoldersProgress) => void) | undefined;
  /** Trash and Junk searched too; without it they are left out, as Gmail leaves them out of "all mail" (decision 045) */
  anywhere?: boolean | undefined;
}

/** Trash and Junk: what the user threw away is not "found" again unless asked for. */
const OUT_OF_SEARCH: ReadonlySet<Mailbox['role']> = new Set(['trash', 'junk']);

/**
 * One page of a search in every folder (no MULTISEARCH in Dovecot 2.3): folder by folder, the next `limit` matches
 * in date order, then merged by date. Folders whose results ran out are not searched again.
 */
export async function searchAllFolders(deps: AllFoldersDeps): Promise<AllFoldersPage> {
  const { limit, signal } = deps;
  const anchors = decodeCursor(deps.cursor);
  const paths = deps.folders
    .filter((f) => f.selectable && f.total > 0 && anchors[f.path] !== DONE)
    .filter((f) => deps.anywhere || !OUT_OF_SEARCH.has(f.role))
    .map((f) => f.path)
    .sort();
  const found: FolderRows[] = [];
  for (const [i, path] of paths.entries()) {
    if (signal?.aborted) throw searchCancelled();
    deps.onProgress?.({ folder: i + 1, folders: paths.length });
    found.push({ path, ...(await deps.folderRows(path, anchors[path], limit)) });
  }
  const merged = mergeByDate(found, anchors, limit);
  return {
    messages: merged.messages,
    nextCursor: merged.more ? encodeCursor(merged.anchors) : null,
    folders: paths.length,
  };
}

/**
 * One folder's part of an all-folders search on IMAP: the view's date order (cached per mailbox state), the page
 * after `after`, its rows. Invariant: the folder is selected and locked.
 */
export async function imapFolderRows(deps: {
  client: ImapFlow;
  path: string;
  view: ListView;
  after: number | undefined;
  limit: number;
  signal?: AbortSignal | undefined;
  cache?: ListOrderCache | undefined;
  owner?: string | undefined;
  rows?: RowCache | undefined;
}): Promise<Omit<FolderRows, 'path'>> {
  const { client, path, view, signal } = deps;
  const box = client.mailbox;
  if (!box) throw mailOperationFailed();
  const order =
    deps.cache && deps.owner
      ? await deps.cache.dateOrder(deps.owner, box, path, view, () => dateOrder(client, view))
      : await dateOrder(client, view);
  const page = pageAfter(order, deps.after, deps.limit);
  if (signal?.aborted) throw searchCancelled();
  const cached = deps.rows && deps.owner ? { rows: deps.rows, owner: deps.owner } : undefined;
  return { rows: await fetchRows(client, page.uids, cached), more: page.next !== null };
}
