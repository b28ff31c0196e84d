import type { MessageSummary } from '@pigeon/shared';
import type { MailAccount } from '../../core/auth.types.ts';

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
 * The owner an account's in-memory mail caches (rows, list orders, readings) are kept under: its id and the server and
 * login it reads. An account whose incoming server is changed in place never meets the old server's entries, where
 * UIDVALIDITY and UID alone could match (decision 050).
 */
export function cacheOwner(account: Pick<MailAccount, 'id' | 'login' | 'incoming'>): string {
  return JSON.stringify([account.id, account.incoming.host, account.incoming.port, account.login]);
}

/**
 * List rows already read, by account, mailbox, UIDVALIDITY and UID: everything in a row but its flags never changes
 * for that key (IMAP messages are immutable), so a cached row needs only a FLAGS FETCH, not the 9 KiB body prefix
 * (decision 048). Bounded in bytes, least recently used out first.
 */
export class RowCache {
  private readonly entries = new Map<string, { row: MessageSummary; bytes: number; scope: string }>();
  /** rows held per scope, so a page asks "anything here?" without a key per UID */
  private readonly perScope = new Map<string, number>();
  private bytes = 0;

  constructor(private readonly maxBytes = MAX_BYTES) {}

  private static scopeKey(scope: RowScope): string {
    return JSON.stringify([scope.owner, scope.path, scope.uidValidity]);
  }

  private static key(scope: RowScope, uid: number): string {
    return JSON.stringify([scope.owner, scope.path, scope.uidValidity, uid]);
  }

  /** Whether any row of this scope is kept (a page none of whose rows can be cached reads them in one FETCH). */
  holds(scope: RowScope): boolean {
    return (this.perScope.get(RowCache.scopeKey(scope)) ?? 0) > 0;
  }

  private count(scope: string, by: number): void {
    const n = (this.perScope.get(scope) ?? 0) + by;
    if (n > 0) this.perScope.set(scope, n);
    else this.perScope.delete(scope);
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
    const at = RowCache.scopeKey(scope);
    for (const row of rows) {
      const key = RowCache.key(scope, row.uid);
      const old = this.entries.get(key);
      if (old) {
        this.bytes -= old.bytes;
        this.count(at, -1);
      }
      this.entries.delete(key);
      const bytes = sizeOf(row);
      if (bytes > this.maxBytes) continue;
      this.entries.set(key, { row, bytes, scope: at });
      this.bytes += bytes;
      this.count(at, 1);
    }
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
      this.count(entry.scope, -1);
    }
  }

  /** Bytes held now (for tests and metrics). */
  get size(): number {
    return this.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.perScope.clear();
    this.bytes = 0;
  }
}
