import type { MailboxObject } from 'imapflow';
import type { ListView } from './list-view.ts';

/** Orders kept at most (every user together), and UIDs in them: about 4 MB at 8 bytes a UID. */
const MAX_ENTRIES = 64;
const MAX_UIDS = 500_000;

/**
 * The whole order of recent list views, so paging a slow search (message text, 1–3 s on 50,000 messages) does not
 * run it again per page. An entry is valid only for the mailbox state it was read in (UIDVALIDITY, EXISTS, UIDNEXT,
 * HIGHESTMODSEQ): any new, removed or changed message makes the next page search again.
 */
export class ListOrderCache {
  private readonly entries = new Map<string, number[]>();
  private uids = 0;

  async get(
    owner: string,
    box: MailboxObject,
    path: string,
    view: ListView,
    read: () => Promise<number[]>,
  ): Promise<number[]> {
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
      return hit;
    }
    const order = await read();
    this.entries.set(key, order);
    this.uids += order.length;
    for (const [k, v] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.uids <= MAX_UIDS) break;
      this.entries.delete(k);
      this.uids -= v.length;
    }
    return order;
  }

  clear(): void {
    this.entries.clear();
    this.uids = 0;
  }
}
