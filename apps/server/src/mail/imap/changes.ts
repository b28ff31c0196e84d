import type { ImapFlow } from 'imapflow';
import type { MailboxChanges, MessageFlags, MessageSummary } from '@pigeon/shared';
import { mailOperationFailed } from '../../imap/imap-errors.ts';
import type { SnapshotStore } from '../../imap/snapshot-store.ts';
import { fetchRows } from './message-rows.ts';
import { toFlags } from './summary.mapper.ts';
import { diffChangedSince, diffListing, type MessageDiff } from './sync-diff.ts';
import { decodeSyncToken, encodeSyncToken, type SyncState } from '../sync-token.ts';

/** More new messages than this since the token: the client reloads its list instead. */
export const MAX_ADDED_ROWS = 200;

export interface SyncDeps {
  client: ImapFlow;
  /** the selected mailbox (run under its lock) */
  path: string;
  snapshots: SnapshotStore;
  /** the account id: snapshots are kept per account */
  owner: string;
}

const condstore = (client: ImapFlow) =>
  client.enabled.has('CONDSTORE') && !(client.mailbox && (client.mailbox as { noModseq?: boolean }).noModseq);

async function statusOf(client: ImapFlow, path: string) {
  const s = await client.status(path, {
    messages: true,
    unseen: true,
    uidNext: true,
    uidValidity: true,
    highestModseq: true,
  });
  if (!s) throw mailOperationFailed();
  return {
    total: s.messages ?? 0,
    unread: s.unseen ?? 0,
    uidValidity: String(s.uidValidity ?? (client.mailbox ? client.mailbox.uidValidity : 0)),
    uidNext: s.uidNext ?? 1,
    highestModseq: s.highestModseq !== undefined ? String(s.highestModseq) : null,
  };
}

async function listing(client: ImapFlow): Promise<Map<number, MessageFlags>> {
  const out = new Map<number, MessageFlags>();
  if (!client.mailbox || client.mailbox.exists === 0) return out;
  for (const m of await client.fetchAll('1:*', { uid: true, flags: true })) out.set(m.uid, toFlags(m.flags));
  return out;
}

/** The current state of the selected mailbox as a token (a listing snapshot on servers without CONDSTORE). */
export async function currentSyncToken({ client, path, snapshots, owner }: SyncDeps): Promise<string> {
  const status = await statusOf(client, path);
  const snapshot = condstore(client) ? null : snapshots.put(owner, await listing(client));
  return encodeSyncToken({ ...status, highestModseq: snapshot ? null : status.highestModseq, snapshot });
}

/** CHANGEDSINCE + VANISHED (QRESYNC) on the selected mailbox; expunged UIDs arrive as VANISHED (EARLIER). */
async function changedSince(client: ImapFlow, since: SyncState): Promise<MessageDiff> {
  const vanished: number[] = [];
  const onExpunge = (e: { uid?: number; vanished?: boolean }) => {
    if (e.vanished && e.uid) vanished.push(e.uid);
  };
  client.on('expunge', onExpunge);
  let rows: { uid: number; flags: MessageFlags }[] = [];
  try {
    const fetched = await client.fetchAll(
      '1:*',
      { uid: true, flags: true },
      { uid: true, changedSince: BigInt(since.highestModseq ?? '0') },
    );
    rows = fetched.map((m) => ({ uid: m.uid, flags: toFlags(m.flags) }));
  } finally {
    client.off('expunge', onExpunge);
  }
  return diffChangedSince(rows, vanished, since);
}

const summaries = (client: ImapFlow, uids: number[]): Promise<MessageSummary[]> =>
  fetchRows(
    client,
    [...uids].sort((a, b) => b - a),
  );

/**
 * What was added, changed (flags) and removed in the selected mailbox since `since`: CONDSTORE/QRESYNC when the
 * server has them, else a UID/flags listing compared with the snapshot the token names. `rowsUpTo` bounds how many
 * added messages get their summaries fetched (the account watcher pushes at most that many rows in its event; past
 * it, none are fetched and devices ask `changes` themselves).
 * Invariant: the new token is taken before the changes are read, so nothing falls between two answers.
 */
export async function changesSince(
  deps: SyncDeps & { since: string | undefined; rowsUpTo?: number },
): Promise<MailboxChanges & { diff: MessageDiff }> {
  const { client, path, snapshots, owner } = deps;
  const since = decodeSyncToken(deps.since);
  const status = await statusOf(client, path);
  const empty: MessageDiff = { added: [], changed: [], removed: [] };
  const rowsOf = (added: number[]) =>
    added.length > (deps.rowsUpTo ?? MAX_ADDED_ROWS) ? Promise.resolve([]) : summaries(client, added);
  const answer = (diff: MessageDiff, added: MessageSummary[], syncToken: string, reset = false) => ({
    reset,
    added,
    changed: diff.changed,
    removed: diff.removed,
    total: status.total,
    unread: status.unread,
    syncToken,
    diff,
  });

  if (condstore(client)) {
    const syncToken = encodeSyncToken({ ...status, snapshot: null });
    if (!since || since.uidValidity !== status.uidValidity || since.highestModseq === null)
      return answer(empty, [], syncToken, true);
    const diff = await changedSince(client, since);
    if (diff.added.length > MAX_ADDED_ROWS) return answer(empty, [], syncToken, true);
    return answer(diff, await rowsOf(diff.added), syncToken);
  }

  const now = await listing(client);
  const syncToken = encodeSyncToken({ ...status, highestModseq: null, snapshot: snapshots.put(owner, now) });
  const before =
    since?.snapshot && since.uidValidity === status.uidValidity ? snapshots.get(owner, since.snapshot) : undefined;
  if (!before) return answer(empty, [], syncToken, true);
  const diff = diffListing(before, now);
  if (diff.added.length > MAX_ADDED_ROWS) return answer(empty, [], syncToken, true);
  return answer(diff, await rowsOf(diff.added), syncToken);
}
