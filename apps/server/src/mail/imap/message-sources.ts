import type { ImapFlow } from 'imapflow';
import { toSequenceSet } from '../../imap/sequence-set.ts';
import { messageNotFound } from '../message.errors.ts';
import type { MessageSource } from '../mail-store.ts';

/**
 * The messages of `uids` in the selected mailbox that exist, by UID, each downloaded only when opened. Invariant: the
 * caller holds the mailbox lock until every source has been read.
 */
export async function messageSources(client: ImapFlow, uids: number[]): Promise<MessageSource[]> {
  // Dovecot brings mail delivered since into an already selected mailbox's view only as a command ends: a NOOP
  // first, so a message appended a moment ago can be fetched and downloaded (a CI run failed without it)
  await client.noop();
  const rows = await client.fetchAll(
    toSequenceSet(uids),
    { uid: true, size: true, envelope: true, internalDate: true },
    { uid: true },
  );
  return rows
    .sort((a, b) => a.uid - b.uid)
    .map((m) => ({
      uid: m.uid,
      subject: m.envelope?.subject ?? '',
      size: m.size ?? 0,
      date: m.internalDate instanceof Date && !Number.isNaN(m.internalDate.getTime()) ? m.internalDate : null,
      async open() {
        const d = await client.download(String(m.uid), undefined, { uid: true });
        if (!d.content) throw messageNotFound(m.uid);
        return d.content;
      },
    }));
}
