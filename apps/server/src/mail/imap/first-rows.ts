import type { ImapFlow } from 'imapflow';
import type { FirstRows, MailboxList } from '@pigeon/shared';
import type { SnapshotStore } from '../../imap/snapshot-store.ts';
import { currentSyncToken } from './changes.ts';
import { listMailboxes } from './mailboxes.ts';
import { listMessages } from './message-list.ts';

/** The two halves of the first rows: the folder list settles first (the page is read after it). */
export interface StartedFirstRows {
  folders: Promise<MailboxList>;
  rows: Promise<FirstRows>;
}

/**
 * What a device shows first (decision 036): every folder with its counts, then the newest page of `path` with its
 * sync token, the same as GET …/mailboxes and GET …/messages give. Runs on the sign-in's connection before anything
 * else uses it, so `path` is freshly selected (no NOOP). `owner` settles once the account row is written (snapshots
 * of servers without CONDSTORE are kept per account).
 */
export function startFirstRows({
  client,
  path,
  snapshots,
  owner,
}: {
  client: ImapFlow;
  path: string;
  snapshots: SnapshotStore;
  owner: Promise<string>;
}): StartedFirstRows {
  const folders = listMailboxes({ client });
  const rows = folders.then(async ({ mailboxes }) => {
    const lock = await client.getMailboxLock(path);
    try {
      const syncToken = await currentSyncToken({ client, path, snapshots, owner: await owner });
      const page = await listMessages({ client, path });
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
