import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { EXPORT_MAX_BYTES, EXPORT_MAX_MESSAGES } from '@pigeon/shared';
import { emlFilename } from '../message/disposition.ts';
import { messageNotFound } from '../../mail/message.errors.ts';
import type { MailStore } from '../../mail/mail-store.ts';
import { exportTooLarge } from './capacity.errors.ts';

/** `1,2,3` as UIDs (the route's pattern already allows only that). Pure. */
export const parseUidList = (value: string): number[] => [...new Set(value.split(',').map(Number))];

/**
 * The messages `uids` of folder `path` as `<uid> <subject>.eml` files in a zip, streamed to `use`: each message is read
 * from the store only when the zip reaches it. Refused before any byte past EXPORT_MAX_MESSAGES or EXPORT_MAX_BYTES
 * (message.export_too_large). Invariant: `use` finishes with the zip (the store holds the folder until it returns).
 */
export async function exportEmlZip<T>({
  mail,
  path,
  uids,
  use,
}: {
  mail: Pick<MailStore, 'sources'>;
  path: string;
  uids: number[];
  use: (zip: Readable) => Promise<T>;
}): Promise<T> {
  if (uids.length > EXPORT_MAX_MESSAGES) throw exportTooLarge();
  return mail.sources(path, uids, async (messages) => {
    if (messages.length === 0) throw messageNotFound(uids[0] ?? 0);
    if (messages.reduce((sum, m) => sum + m.size, 0) > EXPORT_MAX_BYTES) throw exportTooLarge();
    const zip = new ZipFile();
    for (const m of messages) {
      zip.addReadStreamLazy(`${m.uid} ${emlFilename(m.subject, m.uid)}`, { mtime: m.date ?? new Date() }, (done) => {
        m.open()
          .then((source) => done(null, source))
          .catch((err: unknown) => done(err, null as never));
      });
    }
    zip.end();
    return use(zip.outputStream as Readable);
  });
}
