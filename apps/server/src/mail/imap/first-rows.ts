import type { ImapFlow } from 'imapflow';
import type { FirstRows, MailboxList } from '@pigeon/shared';
import type { MailAccount } from '../../core/auth.types.ts';
import type { SnapshotStore } from '../../imap/snapshot-store.ts';
import { currentSyncToken } from './changes.ts';
import { listMailboxes } from './mailboxes.ts';
import { listMessages } from './message-list.ts';
import { cacheOwner, type RowCache } from './row-cache.ts';
import { noStepTimes, type StepTimes } from '../../core/step-times.ts';

/** The two halves of the first rows: the folder list settles first (the page is read after it). */
export interface StartedFirstRows {
  folders: Promise<MailboxList>;
  rows: Promise<FirstRows>;
}

/**
 * What a device shows first (decision 036): every folder with its counts, then the newest page of `path` with its
 * sync token, the same as GET …/mailboxes and GET …/messages give. Runs on the sign-in's connection before anything
 * else uses it, so `path` is freshly selected (no NOOP). `owner` settles once the account row is written (snapshots
 * of servers without CONDSTORE are kept per account). With `kept`, the page's rows already read (an earlier sign-in,
 * another device) come from the row cache (decision 050).
 */
export function startFirstRows({
  client,
  path,
  snapshots,
  owner,
  kept,
  steps = noStepTimes,
}: {
  client: ImapFlow;
  path: string;
  snapshots: SnapshotStore;
  owner: Promise<string>;
  kept?: { cache: RowCache; server: Pick<MailAccount, 'login' | 'incoming'> } | undefined;
  /** each part's time, for the sign-in's Server-Timing */
  steps?: StepTimes;
}): StartedFirstRows {
  const folders = listMailboxes({ client });
  const rows = folders.then(async ({ mailboxes }) => {
    const lock = await steps.time('first-select', () => client.getMailboxLock(path));
    try {
      const id = await steps.time('first-owner', () => owner);
      const syncToken = await steps.time('first-token', () => currentSyncToken({ client, path, snapshots, owner: id }));
      const cached = kept ? { rows: kept.cache, owner: cacheOwner({ id, ...kept.server }) } : undefined;
      const page = await steps.time('first-page', () => listMessages({ client, path, cached }));
      return { mailboxes, path, page: { ...page, syncToken } };
    } finally {
      lock.release();
    }
  });
  // a rejection is the caller's to read (or not): never an unhandled one
  folders.catch(() => {});
  rows.catch(() => {});
  return { folders, rows };
}
