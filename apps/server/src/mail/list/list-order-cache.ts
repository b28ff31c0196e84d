import type { MailboxObject } from 'imapflow';
import type { ListView } from './list-view.ts';
import { SortKeyCache } from './sort-keys.ts';

/** Orders kept at most (every account together), and UIDs in them: about 4 MB at 8 bytes a UID. */
const MAX_ENTRIES = 64;
const MAX_UIDS = 500_000;

const sizeOf = (v: number[] | number[][]): number =>
  v.reduce<number>((n, x) => n + (Array.isArray(x) ? x.length + 1 : 1), 0);

/**
 * The whole order of recent list views, so paging a slow search (message text, 1–3 s on 50,000 messages) does not
 * run it again per page; also the conversations of recent folders (one THREAD per mailbox state). An entry is valid only for the mailbox state it was read in (UIDVALIDITY, EXISTS, UIDNEXT,
 * HIGHESTMODSEQ): any new, removed or changed message makes the next page search again.
 */
export class ListOrderCache {
  private readonly entries = new Map<string, number[] | number[][]>();
  private uids = 0;
  /** sort values of recent folders across mailbox states, for servers without SORT (decision 048 part 2) */
  readonly sortKeys = new SortKeyCache();

  async get(
    owner: string,
    box: MailboxObject,
    path: string,
    view: ListView,
    read: () => Promise<number[]>,
  ): Promise<number[]> {
    return this.cached(owner, box, path, view, read);
  }

  /**
   * The folder's unread count, valid for the same mailbox state (a flag change moves HIGHESTMODSEQ): a search typed
   * word by word then costs the server's SEARCH and the rows, not one more command per page (bench/search.ts).
   */
  async unseen(owner: string, box: MailboxObject, path: string, read: () => Promise<number>): Promise<number> {
    const [count] = await this.cached(owner, box, path, 'unseen', async () => [await read()]);
    return count ?? 0;
  }

  /** The view's UIDs newest Date first (a search in all folders), valid for the same mailbox state. */
  async dateOrder(
    owner: string,
    box: MailboxObject,
    path: string,
    view: ListView,
    read: () => Promise<number[]>,
  ): Promise<number[]> {
    return this.cached(owner, box, path, { byDate: view }, read);
  }

  /** The folder's conversations (threads), valid for the same mailbox state. */
  async threads(owner: string, box: MailboxObject, path: string, read: () => Promise<number[][]>): Promise<number[][]> {
    return this.cached(owner, box, path, 'threads', read);
  }

  private async cached<T extends number[] | number[][]>(
    owner: string,
    box: MailboxObject,
    path: string,
    view: ListView | 'threads' | 'unseen' | { byDate: ListView },
    read: () => Promise<T>,
  ): Promise<T> {
    const key = JSON.stringify([
      owner,
      path,
      String(box.uidValidity),
      box.exists,
      box.uidNext,
      String(box.highestModseq ?? ''),
      view,
    ]);
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit as T;
    }
    const order = await read();
    this.entries.set(key, order);
    this.uids += sizeOf(order);
    for (const [k, v] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.uids <= MAX_UIDS) break;
      this.entries.delete(k);
      this.uids -= sizeOf(v);
    }
    return order;
  }

  clear(): void {
    this.entries.clear();
    this.uids = 0;
    this.sortKeys.clear();
  }
}
