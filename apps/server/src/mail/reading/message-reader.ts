import type { ImapFlow } from 'imapflow';
import type { LRUCache } from 'lru-cache';
import type { ReadingConfig } from '../../config.ts';
import type { MessageSummary } from '@pigeon/shared';
import { loadReading } from './message-load.ts';
import { loadWholeReading } from './message-load-whole.ts';
import { readersBusy } from '../message.errors.ts';
import { ReadPool, ReadPoolBusy } from './read-pool.ts';
import { createReadingCache, readingKey, type Reading, type ReadingKey } from './reading-cache.ts';

/** Heap of one reading worker: room for the parsed display bound many times over, and a floor for small bounds. */
export const workerHeapMb = (displayMaxBytes: number) => Math.max(256, Math.ceil((displayMaxBytes * 32) / 2 ** 20));

export interface OpenArgs {
  /** `path` is selected (inside app.imap.withMailbox) */
  client: ImapFlow;
  accountId: string;
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
    return this.cached({ ...args, uidValidity }, () =>
      loadReading({
        client: args.client,
        uid: args.uid,
        remote: args.remote,
        pool: this.pool,
        bounds: this.config,
        onFetch: () => void (this.loads += 1),
      }),
    );
  }

  /**
   * The reading of a message whose whole source the caller holds (Pigeon's own store, decision 019): `load` runs only
   * on a cache miss, and the source is parsed in a worker as an IMAP message's display source is.
   */
  async openWhole(key: ReadingKey, load: () => Promise<{ source: Buffer; summary: MessageSummary }>): Promise<Reading> {
    return this.cached(key, async () => {
      const { source, summary } = await load();
      this.loads += 1;
      return loadWholeReading({ source, summary, remote: key.remote, pool: this.pool, bounds: this.config });
    });
  }

  /**
   * The reading if nothing has to be fetched for it: cached, already being loaded, or (remote content allowed) made
   * from the cached blocked one. Null on a miss: the caller loads it under the mailbox lock.
   */
  ready(key: ReadingKey): Promise<Reading> | null {
    const k = readingKey(key);
    const hit = this.cache.get(k);
    if (hit) return Promise.resolve(hit);
    const pending = this.loading.get(k);
    if (pending) return pending;
    const blocked = key.remote ? this.cache.get(readingKey({ ...key, remote: false })) : undefined;
    return blocked ? this.share(k, this.withRemote(blocked)) : null;
  }

  /** One load per key at a time; remote content allowed reuses the blocked reading (sanitized again, no load). */
  private cached(key: ReadingKey, load: () => Promise<Reading>): Promise<Reading> {
    return this.ready(key) ?? this.share(readingKey(key), load());
  }

  /** Keeps `loading` as the one load of `k` until it settles, then caches what it gave. */
  private share(k: string, load: Promise<Reading>): Promise<Reading> {
    const pending = load
      .then((reading) => {
        this.cache.set(k, reading);
        return reading;
      })
      .finally(() => this.loading.delete(k));
    this.loading.set(k, pending);
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
