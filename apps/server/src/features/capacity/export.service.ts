import type { Readable } from 'node:stream';
import type { ImapFlow } from 'imapflow';
import { ZipFile } from 'yazl';
import { EXPORT_MAX_BYTES, EXPORT_MAX_MESSAGES } from '@pigeon/shared';
import { toSequenceSet } from '../../imap/sequence-set.ts';
import { emlFilename } from '../message/disposition.ts';
import { messageNotFound } from '../../mail/message.errors.ts';
import { exportTooLarge } from './capacity.errors.ts';

/** `1,2,3` as UIDs (the route's pattern already allows only that). Pure. */
export const parseUidList = (value: string): number[] => [...new Set(value.split(',').map(Number))];

/**
 * The messages `uids` of the selected mailbox as `<uid> <subject>.eml` files in a zip, streamed: each message is
 * downloaded from IMAP only when the zip reaches it. Refused before any byte past EXPORT_MAX_MESSAGES or
 * EXPORT_MAX_BYTES (message.export_too_large). Invariant: hold the mailbox lock until the stream ends.
 */
export async function exportEmlZip({ client, uids }: { client: ImapFlow; uids: number[] }): Promise<Readable> {
  if (uids.length > EXPORT_MAX_MESSAGES) throw exportTooLarge();
  // Dovecot brings mail delivered since into an already selected mailbox's view only as a command ends: a NOOP
  // first, so a message appended a moment ago can be fetched and downloaded (a CI run failed without it)
  await client.noop();
  const rows = await client.fetchAll(
    toSequenceSet(uids),
    { uid: true, size: true, envelope: true, internalDate: true },
    { uid: true },
  );
  if (rows.length === 0) throw messageNotFound(uids[0] ?? 0);
  if (rows.reduce((sum, m) => sum + (m.size ?? 0), 0) > EXPORT_MAX_BYTES) throw exportTooLarge();
  const zip = new ZipFile();
  for (const m of rows.sort((a, b) => a.uid - b.uid)) {
    const mtime =
      m.internalDate instanceof Date && !Number.isNaN(m.internalDate.getTime()) ? m.internalDate : new Date();
    zip.addReadStreamLazy(`${m.uid} ${emlFilename(m.envelope?.subject ?? '', m.uid)}`, { mtime }, (done) => {
      client
        .download(String(m.uid), undefined, { uid: true })
        .then((d) => (d.content ? done(null, d.content) : done(messageNotFound(m.uid), null as never)))
        .catch((err: unknown) => done(err, null as never));
    });
  }
  zip.end();
  return zip.outputStream as Readable;
}
