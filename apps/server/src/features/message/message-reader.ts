import type { ImapFlow } from 'imapflow';
import type { LRUCache } from 'lru-cache';
import type { ReadingConfig } from '../../config.ts';
import { loadReading } from './message-load.ts';
import { readersBusy } from './message.errors.ts';
import { ReadPool, ReadPoolBusy } from './read-pool.ts';
import { createReadingCache, readingKey, type Reading } from './reading-cache.ts';

/** Heap of one reading worker: room for the parsed display bound many times over, and a floor for small bounds. */
export const workerHeapMb = (displayMaxBytes: number) => Math.max(256, Math.ceil((displayMaxBytes * 32) / 2 ** 20));

export interface OpenArgs {
  /** `path` is selected (inside app.imap.withMailbox) */
  client: ImapFlow;
  userId: string;
  path: string;
  uid: number;
  remote: boolean;
}

/**
 * The reading pipeline's long-lived parts: the worker pool and the byte-bounded cache of readings. Concurrent opens
 * of the same message share one load. Built once in the composition root, closed with the app.
 */
export class MessageReader {
  readonly pool: ReadPool;
  private readonly cache: LRUCache<string, Reading>;
  private readonly loading = new Map<string, Promise<Reading>>();
  /** content loads from IMAP (a cache hit does not count) */
  loads = 0;

  constructor(readonly config: ReadingConfig) {
    this.pool = new ReadPool({
      workers: config.workers,
      timeBudgetMs: config.timeBudgetMs,
      heapMb: workerHeapMb(config.displayMaxBytes),
    });
    this.cache = createReadingCache(config.cacheMaxBytes);
  }

  /** The message's reading, from the cache or loaded once (UIDVALIDITY from the selected mailbox). */
  async open(args: OpenArgs): Promise<Reading> {
    const uidValidity = args.client.mailbox ? args.client.mailbox.uidValidity : 0n;
    const key = readingKey({ ...args, uidValidity });
    const cached = this.cache.get(key);
    if (cached) return cached;
    let pending = this.loading.get(key);
    if (!pending) {
      const blocked = args.remote ? this.cache.get(readingKey({ ...args, uidValidity, remote: false })) : undefined;
      pending = (
        blocked
          ? this.withRemote(blocked)
          : loadReading({
              client: args.client,
              uid: args.uid,
              remote: args.remote,
              pool: this.pool,
              bounds: this.config,
              onFetch: () => void (this.loads += 1),
            })
      )
        .then((reading) => {
          this.cache.set(key, reading);
          return reading;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  /** The reading with remote content allowed, from the one read with it blocked: sanitized again, nothing fetched. */
  private async withRemote(blocked: Reading): Promise<Reading> {
    if (!blocked.remoteInput || blocked.bodyHtml === null) return blocked; // nothing remote: the same document
    try {
      const bodyHtml = await this.pool.sanitizeWithRemote(blocked.remoteInput);
      return { ...blocked, bodyHtml, remoteInput: null };
    } catch (err) {
      if (err instanceof ReadPoolBusy) throw readersBusy();
      return blocked; // past the budget: the document stays as it was, remote content blocked
    }
  }

  async close(): Promise<void> {
    this.cache.clear();
    await this.pool.close();
  }
}
