import type { LocalStore } from '../local/local-store.repository.ts';
import { summarizeHeaders, type Summarized } from '../local/local-summary.ts';
import type { Pop3Client } from './pop3-client.ts';
import type { Downloaded, Pop3Ledger } from './pop3-ledger.repository.ts';
import type { UidlEntry } from './pop3-listing.ts';
import { batchesOf, planCheck, shouldRemove } from './pop3-plan.ts';

/** Where a check can be paused by a test (crash tests kill the process there). */
export type FetchStep = 'listed' | 'previewed' | 'retrieved' | 'stored' | 'deleted';

/**
 * Production defaults: a claim outlives a slow batch; up to 200 pipelined RETRs (and 8 MiB by the LIST sizes) per
 * claim and transaction (25 per batch made the per-batch round trips most of a first download, decision 035);
 * TOP first above 500.
 */
export const FETCH_DEFAULTS = {
  leaseMs: 120_000,
  batchSize: 200,
  batchBytes: 8 * 1024 * 1024,
  previewThreshold: 500,
} as const;

export interface FetchProgress {
  phase: 'preview' | 'download';
  total: number;
  done: number;
}

export interface FetcherDeps {
  ledger: Pop3Ledger;
  store: Pick<LocalStore, 'ensureFolders' | 'bodiesWithoutText' | 'setTexts'>;
  /** a logged-in client (the caller chose server, login and TLS) */
  connect(): Promise<Pop3Client>;
  summarize(raw: Buffer, size: number, arrivedAt: Date): Promise<Summarized>;
  /** this process, for claims */
  owner: string;
  now(): Date;
  /** how long a claim holds before another fetcher may take the UIDL */
  leaseMs: number;
  /** messages per claim, pipelined RETR and transaction */
  batchSize: number;
  /** listed bytes per batch (a batch holds at least one message); default FETCH_DEFAULTS.batchBytes */
  batchBytes?: number;
  /** more unseen messages than this: list them from TOP headers before any RETR */
  previewThreshold: number;
  /** largest message kept; a larger one is skipped (noted in the ledger) */
  maxMessageBytes: number;
  onProgress?(p: FetchProgress): void;
  /** after each stored batch, with how many were added (live updates) */
  onStored?(count: number): void;
  /** test seam: awaited at each step */
  pauseAt?(step: FetchStep, detail: string): Promise<void>;
}

export interface CheckResult {
  stored: number;
  previewed: number;
  removed: number;
  skipped: number;
}

/**
 * One check of a POP3 account: list UIDLs, preview (TOP) when many are new, download the rest in claimed batches,
 * then remove from the server what the options say (DELE, committed by QUIT). Safe to run in several processes at
 * once and to kill anywhere: the ledger makes every message stored exactly once.
 */
export async function checkPop3Account(accountId: string, d: FetcherDeps): Promise<CheckResult> {
  const result: CheckResult = { stored: 0, previewed: 0, removed: 0, skipped: 0 };
  await d.store.ensureFolders(accountId);
  const options = await d.ledger.settings(accountId);
  const client = await d.connect();
  let quitted = false;
  try {
    const listing = await client.uidl();
    const sizes = new Map((await client.list()).entries.map((e) => [e.n, e.size]));
    const plan = planCheck(listing.entries, await d.ledger.entries(accountId), options, d.now(), d.previewThreshold);
    await d.pauseAt?.('listed', String(plan.download.length));
    await d.ledger.markGone(accountId, plan.gone, d.now());

    const tooLarge = plan.download.filter((e) => (sizes.get(e.n) ?? 0) > d.maxMessageBytes);
    for (const e of tooLarge) {
      const mine = await d.ledger.claim(accountId, [e.uidl], d.owner, d.now(), leaseEnd(d));
      if (mine.size) await d.ledger.skip(accountId, d.owner, e.uidl, `larger than ${d.maxMessageBytes} bytes`);
      result.skipped += mine.size;
    }
    const wanted = plan.download.filter((e) => !tooLarge.includes(e));
    const first = plan.previewFirst && client.capabilities.has('TOP');
    if (first) {
      const unseen = plan.unseen.filter((e) => !tooLarge.includes(e));
      result.previewed = await inBatches(accountId, d, client, unseen, sizes, 'preview');
    }
    result.stored = await inBatches(accountId, d, client, wanted, sizes, 'download');

    // stored before this check or during it: remove from the server as the options say
    const ledger = await d.ledger.entries(accountId);
    const remove = listing.entries.filter((e) => {
      const row = ledger.get(e.uidl);
      return row?.state === 'stored' && shouldRemove(row, options, d.now());
    });
    for (const e of remove) await client.dele(e.n);
    if (remove.length) await d.pauseAt?.('deleted', String(remove.length));
    await client.quit(); // DELE takes effect here (RFC 1939 UPDATE state); a drop before it deletes nothing
    quitted = true;
    await d.ledger.markGone(
      accountId,
      remove.map((e) => e.uidl),
      d.now(),
    );
    result.removed = remove.length;
    await d.ledger.updateSettings(accountId, { lastCheckAt: d.now(), lastErrorCode: null });
    await backfillText(accountId, d);
    return result;
  } finally {
    if (!quitted) client.close();
  }
}

/** Bodies whose search text a check computes at most (stored before the text was kept; decision 035). */
export const TEXT_BACKFILL_PER_CHECK = 200;

/** Gives old bodies their decoded search text, a bounded number per check, with the download's own parse. */
async function backfillText(accountId: string, d: FetcherDeps): Promise<void> {
  const bodies = await d.store.bodiesWithoutText(accountId, TEXT_BACKFILL_PER_CHECK);
  const texts: { id: string; text: string }[] = [];
  for (const b of bodies) {
    // a message mailparser cannot read has no text to search: '' so it is not tried again
    const text = await d.summarize(b.raw, b.raw.length, d.now()).then(
      (s) => s.searchText ?? '',
      () => '',
    );
    texts.push({ id: b.id, text });
  }
  await d.store.setTexts(texts);
}

const leaseEnd = (d: FetcherDeps) => new Date(d.now().getTime() + d.leaseMs);

async function inBatches(
  accountId: string,
  d: FetcherDeps,
  client: Pop3Client,
  entries: UidlEntry[],
  sizes: Map<number, number>,
  phase: 'preview' | 'download',
): Promise<number> {
  let done = 0;
  let stored = 0;
  const total = entries.length;
  if (total) d.onProgress?.({ phase, total, done });
  await d.ledger.updateSettings(accountId, { progressTotal: total, progressDone: 0 });
  // TOP answers are header blocks: a preview batch is bounded by count alone
  const maxBytes = phase === 'preview' ? Infinity : (d.batchBytes ?? FETCH_DEFAULTS.batchBytes);
  for (const batch of batchesOf(entries, sizes, d.batchSize, maxBytes)) {
    const mine = await d.ledger.claim(
      accountId,
      batch.map((e) => e.uidl),
      d.owner,
      d.now(),
      leaseEnd(d),
    );
    const ours = batch.filter((e) => mine.has(e.uidl));
    try {
      // pipelined: every command of the batch is written before the first answer is read
      const bodies = await Promise.all(
        ours.map((e) => (phase === 'preview' ? client.top(e.n, 0).then((b) => ({ raw: b })) : client.retr(e.n))),
      );
      const items: Downloaded[] = [];
      for (const [k, e] of ours.entries()) {
        const bytes = bodies[k]!.raw;
        if (!bytes) {
          await d.ledger.skip(accountId, d.owner, e.uidl, `larger than ${d.maxMessageBytes} bytes`);
          continue;
        }
        const size = phase === 'preview' ? (sizes.get(e.n) ?? bytes.length) : bytes.length;
        // a TOP answer is a header block: its row needs no MIME parse (the body's row replaces it)
        const s =
          phase === 'preview' ? summarizeHeaders(bytes, size, d.now()) : await d.summarize(bytes, size, d.now());
        const { dateValue, searchText, ...summary } = s;
        items.push({
          uidl: e.uidl,
          raw: phase === 'preview' ? null : bytes,
          headers: headerBlock(bytes),
          size,
          summary,
          date: dateValue,
          text: searchText,
        });
      }
      if (phase === 'download') await d.pauseAt?.('retrieved', items.map((x) => x.uidl).join(' '));
      const n =
        phase === 'preview'
          ? await d.ledger.storePreviews(accountId, d.owner, items)
          : await d.ledger.storeMessages(accountId, d.owner, items, d.now());
      stored += n;
      if (n) d.onStored?.(n);
      await d.pauseAt?.(phase === 'preview' ? 'previewed' : 'stored', items.map((x) => x.uidl).join(' '));
    } catch (err) {
      await d.ledger
        .release(
          accountId,
          ours.map((e) => e.uidl),
          d.owner,
        )
        .catch(() => {});
      throw err;
    }
    done += batch.length;
    d.onProgress?.({ phase, total, done });
    await d.ledger.updateSettings(accountId, { progressDone: done });
  }
  return stored;
}

/** The header block of a message (up to the first empty line), kept beside the body for quick header reads. */
export function headerBlock(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  return end < 0 ? raw : raw.subarray(0, end + 2);
}
