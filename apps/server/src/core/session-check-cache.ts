import { LRUCache } from 'lru-cache';
import type { StoredSession } from './session.repository.ts';

/** What revocation needs of the cache of checked sessions (decision 049). */
export interface SessionChecks {
  /** the revocation channel listens: rows may be served from memory (until `distrust`) */
  trust(): void;
  /** the channel is down or reconnecting: everything is forgotten and every check reads the database */
  distrust(): void;
  /** some sessions or accounts of this user changed or ended: forget all of the user's rows */
  dropUser(userId: string): void;
  dropSession(sessionId: string): void;
  /** whether rows may be served from memory now */
  readonly trusted: boolean;
  /** whether this session's row is served from memory now (tests) */
  has(sessionId: string): boolean;
}

export interface SessionCheckCacheOptions {
  /** bound of the estimated heap bytes; 0 turns the cache off (every check reads the database) */
  maxBytes: number;
  /** the longest a row is served from memory, even with every notice missed */
  ttlMs: number;
  /** the clock (tests) */
  now?: () => number;
}

const ENTRY_OVERHEAD = 512;
const ACCOUNT_OVERHEAD = 384;

/** Approximate heap bytes of a session row: strings at two bytes a character, the sealed bytes as they are. Pure. */
export function storedSessionBytes(row: StoredSession): number {
  let bytes = ENTRY_OVERHEAD + 2 * (row.id.length + row.userId.length + row.email.length + row.secretHash.length);
  for (const { account, sealed } of [...row.passwords, ...row.vault]) {
    bytes += ACCOUNT_OVERHEAD + sealed.length;
    bytes += 2 * (account.id.length + account.email.length + account.login.length);
    bytes += 2 * (account.incoming.host.length + account.smtp.host.length);
  }
  return bytes;
}

/**
 * Session rows as read from the database (secret hash and sealed passwords: nothing a dump lacks), kept while the
 * revocation channel (decision 014) listens. Invariant: a row read before a drop is never stored after it (each drop
 * moves the generation a read started in), and nothing is served or stored while the channel is not trusted.
 */
export class SessionCheckCache implements SessionChecks {
  private readonly rows: LRUCache<string, StoredSession> | null;
  private isTrusted = false;
  private generation = 0;

  constructor(opts: SessionCheckCacheOptions) {
    this.rows =
      opts.maxBytes > 0 && opts.ttlMs > 0
        ? new LRUCache<string, StoredSession>({
            maxSize: opts.maxBytes,
            sizeCalculation: (row) => Math.min(opts.maxBytes, storedSessionBytes(row)),
            ttl: opts.ttlMs,
            ttlResolution: 0,
            ...(opts.now ? { perf: { now: opts.now } } : {}),
          })
        : null;
  }

  /** the row of a checked session, when it may be trusted */
  get(sessionId: string): StoredSession | undefined {
    return this.isTrusted ? this.rows?.get(sessionId) : undefined;
  }

  /** taken before reading a row from the database; `put` stores the row only if nothing was dropped since */
  mark(): number {
    return this.generation;
  }

  put(row: StoredSession, mark: number): void {
    if (this.isTrusted && mark === this.generation) this.rows?.set(row.id, row);
  }

  get trusted(): boolean {
    return this.isTrusted;
  }

  has(sessionId: string): boolean {
    return this.get(sessionId) !== undefined;
  }

  trust(): void {
    // notices sent before the channel listened are lost: nothing kept from before may be served
    this.rows?.clear();
    this.generation++;
    this.isTrusted = true;
  }

  distrust(): void {
    this.generation++;
    this.isTrusted = false;
    this.rows?.clear();
  }

  dropUser(userId: string): void {
    this.generation++;
    if (!this.rows) return;
    const ids: string[] = [];
    for (const [id, row] of this.rows.entries()) if (row.userId === userId) ids.push(id);
    for (const id of ids) this.rows.delete(id);
  }

  dropSession(sessionId: string): void {
    this.generation++;
    this.rows?.delete(sessionId);
  }

  /** rows held now (tests and the bench) */
  get size(): number {
    return this.rows?.size ?? 0;
  }
}
