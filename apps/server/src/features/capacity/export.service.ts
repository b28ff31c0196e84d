import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import { EXPORT_MAX_BYTES, EXPORT_MAX_MESSAGES } from '@pigeon/shared';
import { emlFilename } from '../message/disposition.ts';
import { messageNotFound } from '../../mail/message.errors.ts';
import type { MailStore } from '../../mail/mail-store.ts';
import { exportTooLarge } from './capacity.errors.ts';

/** `1,2,3` as UIDs (the route's pattern already allows only that). Pure. */
export const parseUidList = (value: string): number[] => [...new Set(value.split(',').map(Number))];

/** `f=<uids>:<path>` values as UIDs by folder (a folder named twice gets both lists), in the order given. Pure. */
export function parseFolderSelection(values: readonly string[]): Map<string, number[]> {
  const folders = new Map<string, number[]>();
  for (const value of values) {
    const at = value.indexOf(':');
    const path = value.slice(at + 1);
    folders.set(path, [...new Set([...(folders.get(path) ?? []), ...parseUidList(value.slice(0, at))])]);
  }
  return folders;
}

// eslint-disable-next-line no-control-regex -- control characters and what file systems reject in a name
const NOT_IN_NAMES = /[\u0000-\u001f\u007f\\:*?"<>|]+/g;

/**
 * The folder inside the zip for a mailbox path: its levels as nested folders ('/' separated), each level without
 * characters file systems reject, and never '.', '..' or empty (a zip entry must not climb out of where it is
 * unpacked). Pure.
 */
export function zipFolder(path: string): string {
  return path
    .split('/')
    .map((level) => level.replace(NOT_IN_NAMES, '_').trim().slice(0, 120))
    .map((level) => (level === '' || /^\.+$/.test(level) ? '_' : level))
    .join('/');
}

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

/** The source of one message once the zip has read it to the end (or it failed, or the download went away). */
function whenRead(source: Readable, gone: Promise<void>): Promise<void> {
  const read = new Promise<void>((resolve) => {
    source.once('end', resolve);
    source.once('close', resolve);
    source.once('error', () => resolve());
  });
  return Promise.race([read, gone]).finally(() => source.destroy());
}

/**
 * Messages of several folders (`folders`: UIDs by path) as `<folder>/<uid> <subject>.eml` files in one zip, streamed
 * to `use`. The store holds one folder at a time (an IMAP account has one command connection, so folders cannot be
 * held together): a first pass counts what exists and its size, refused before any byte past EXPORT_MAX_MESSAGES or
 * EXPORT_MAX_BYTES (message.export_too_large), message.not_found when none exists; the second pass hands each folder's
 * messages to the zip and keeps the folder until the zip has read them (or the download went away). A message removed
 * between the passes is left out.
 */
export async function exportEmlZipAcross<T>({
  mail,
  folders,
  use,
}: {
  mail: Pick<MailStore, 'sources'>;
  folders: Map<string, number[]>;
  use: (zip: Readable) => Promise<T>;
}): Promise<T> {
  const all = [...folders.values()].flat();
  if (all.length > EXPORT_MAX_MESSAGES) throw exportTooLarge();
  let found = 0;
  let bytes = 0;
  for (const [path, uids] of folders)
    await mail.sources(path, uids, async (messages) => {
      found += messages.length;
      bytes += messages.reduce((sum, m) => sum + m.size, 0);
    });
  if (found === 0) throw messageNotFound(all[0] ?? 0);
  if (bytes > EXPORT_MAX_BYTES) throw exportTooLarge();

  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  const gone = new Promise<void>((resolve) => output.once('close', resolve));
  let ended = false;
  void gone.then(() => (ended = true));
  const write = async () => {
    for (const [path, uids] of folders) {
      if (ended) break;
      await mail.sources(path, uids, async (messages) => {
        const read = messages.map(
          (m) =>
            new Promise<void>((resolve) => {
              const name = `${zipFolder(path)}/${m.uid} ${emlFilename(m.subject, m.uid)}`;
              zip.addReadStreamLazy(name, { mtime: m.date ?? new Date() }, (done) => {
                m.open()
                  .then((source) => {
                    void whenRead(source, gone).then(resolve);
                    done(null, source);
                  })
                  .catch((err: unknown) => {
                    resolve();
                    done(err, null as never);
                  });
              });
            }),
        );
        await Promise.race([Promise.all(read), gone]);
      });
    }
    zip.end();
  };
  const writing = write().catch((err: unknown) => output.destroy(err as Error));
  const [answer] = await Promise.all([use(output), writing]);
  return answer;
}
