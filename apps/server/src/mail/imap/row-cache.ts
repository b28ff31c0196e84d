import type { MessageSummary } from '@pigeon/shared';

/** Bytes of rows kept at most (every account together): about 10,000 rows of 1.6 KB. */
const MAX_BYTES = 16 * 1024 * 1024;

// a row's size in memory, roughly: its JSON text as UTF-16, plus the entry and its key
const sizeOf = (row: MessageSummary): number => JSON.stringify(row).length * 2 + 200;

/** Where a row is valid: the account, the mailbox, and its UIDVALIDITY (a UID names one message only under it). */
export interface RowScope {
  owner: string;
  path: string;
  uidValidity: string;
}

/**
 * List rows already read, by account, mailbox, UIDVALIDITY and UID: everything in a row but its flags never changes
 * for that key (IMAP messages are immutable), so a cached row needs only a FLAGS FETCH, not the 9 KiB body prefix
 * (decision 048). Bounded in bytes, least recently used out first.
 */
export class RowCache {
  private readonly entries = new Map<string, { row: MessageSummary; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes = MAX_BYTES) {}

  private static key(scope: RowScope, uid: number): string {
    return JSON.stringify([scope.owner, scope.path, scope.uidValidity, uid]);
  }

  /** The cached rows of `uids` (each now the most recently used), and the UIDs not cached. */
  take(scope: RowScope, uids: readonly number[]): { hits: Map<number, MessageSummary>; misses: number[] } {
    const hits = new Map<number, MessageSummary>();
    const misses: number[] = [];
    for (const uid of uids) {
      const key = RowCache.key(scope, uid);
      const hit = this.entries.get(key);
      if (!hit) {
        misses.push(uid);
        continue;
      }
      this.entries.delete(key);
      this.entries.set(key, hit);
      hits.set(uid, hit.row);
    }
    return { hits, misses };
  }

  /** Keeps rows just read; the least recently used leave past the byte bound. */
  put(scope: RowScope, rows: readonly MessageSummary[]): void {
    for (const row of rows) {
      const key = RowCache.key(scope, row.uid);
      const old = this.entries.get(key);
      if (old) this.bytes -= old.bytes;
      this.entries.delete(key);
      const bytes = sizeOf(row);
      if (bytes > this.maxBytes) continue;
      this.entries.set(key, { row, bytes });
      this.bytes += bytes;
    }
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }

  /** Bytes held now (for tests and metrics). */
  get size(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}
