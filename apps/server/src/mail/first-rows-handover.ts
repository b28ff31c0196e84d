import type { MailboxList, MessagePage } from '@pigeon/shared';

/** What a sign-in started reading on its connection: the folder list, and one folder's newest page (decision 036). */
export interface EarlyRows {
  path: string;
  /** null when it could not be read (the device's request then reads it itself) */
  folders: Promise<MailboxList | null>;
  page: Promise<MessagePage | null>;
}

/** how long a handed-over reading waits for the device's first requests (it asks right after the answer) */
export const HANDOVER_TTL_MS = 10_000;
/** bound on readings waiting at once (one per sign-in within the TTL) */
export const HANDOVER_MAX = 10_000;

interface Entry extends EarlyRows {
  at: number;
  foldersTaken: boolean;
  pageTaken: boolean;
}

/**
 * The first rows a sign-in answered without (they were not ready within SIGN_IN_FIRST_ROWS_WAIT_MS): the same
 * session's first `GET …/mailboxes` and first plain `GET …/messages` of that folder take them instead of reading
 * again (decision 036, part 7). Each is taken once, only by the session that signed in, and only within the TTL.
 */
export class FirstRowsHandover {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly ttlMs: number;

  constructor(opts: { now?: () => number; ttlMs?: number } = {}) {
    this.now = opts.now ?? Date.now;
    this.ttlMs = opts.ttlMs ?? HANDOVER_TTL_MS;
  }

  offer(sessionId: string, accountId: string, early: EarlyRows): void {
    this.prune();
    if (this.entries.size >= HANDOVER_MAX) return;
    // a rejection nobody takes is not an unhandled one
    early.folders.catch(() => {});
    early.page.catch(() => {});
    this.entries.set(key(sessionId, accountId), { ...early, at: this.now(), foldersTaken: false, pageTaken: false });
  }

  /** The folder list the sign-in read, the first time this session asks; undefined: read it yourself. */
  takeFolders(sessionId: string, accountId: string): Promise<MailboxList | null> | undefined {
    const entry = this.live(sessionId, accountId);
    if (!entry || entry.foldersTaken) return undefined;
    entry.foldersTaken = true;
    this.settle(sessionId, accountId, entry);
    return entry.folders.catch(() => null);
  }

  /** The newest page of `path` the sign-in read, the first time this session asks for it; undefined: read it. */
  takePage(sessionId: string, accountId: string, path: string): Promise<MessagePage | null> | undefined {
    const entry = this.live(sessionId, accountId);
    if (!entry || entry.pageTaken || entry.path !== path) return undefined;
    entry.pageTaken = true;
    this.settle(sessionId, accountId, entry);
    return entry.page.catch(() => null);
  }

  get size(): number {
    return this.entries.size;
  }

  private live(sessionId: string, accountId: string): Entry | undefined {
    const entry = this.entries.get(key(sessionId, accountId));
    if (entry && this.now() - entry.at > this.ttlMs) {
      this.entries.delete(key(sessionId, accountId));
      return undefined;
    }
    return entry;
  }

  private settle(sessionId: string, accountId: string, entry: Entry): void {
    if (entry.foldersTaken && entry.pageTaken) this.entries.delete(key(sessionId, accountId));
  }

  private prune(): void {
    const now = this.now();
    for (const [k, e] of this.entries) if (now - e.at > this.ttlMs) this.entries.delete(k);
  }
}

const key = (sessionId: string, accountId: string) => `${sessionId}\n${accountId}`;
