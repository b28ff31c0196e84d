import { buffer } from 'node:stream/consumers';
import type { AuthedSession } from '../../core/auth.types.ts';
import type { ImapSessions } from '../../imap/imap-sessions.ts';
import type { MessageReader } from '../message/message-reader.ts';
import { getAttachment, getRawMessage } from '../message/message-read.service.ts';
import type { ComposeRepository, StoredUpload } from './compose.repository.ts';
import type { ComposeFile } from './mime.ts';

/** A file of a message in the user's mailbox: one attachment (`part`, the reader's id) or the whole message (null). */
export interface MessagePart {
  path: string;
  uid: number;
  part: string | null;
}

const PREFIX = 'm.';
const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An uploaded file's id (a row of ComposeAttachment). Pure. */
export const isUploadId = (id: string): boolean => UPLOAD_ID.test(id);

/** The attachment id of a forwarded message's file: it names the file where it is, so nothing is copied. Pure. */
export const messagePartId = (p: MessagePart): string =>
  PREFIX + Buffer.from(JSON.stringify([p.path, p.uid, p.part])).toString('base64url');

/** The message part an attachment id names, or null (an upload id, or anything malformed). Pure. */
export function parseMessagePartId(id: string): MessagePart | null {
  if (!id.startsWith(PREFIX) || id.length > 1500) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(id.slice(PREFIX.length), 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3) return null;
    const [path, uid, part] = v as unknown[];
    if (typeof path !== 'string' || !path || !Number.isInteger(uid) || (uid as number) < 1) return null;
    if (part !== null && typeof part !== 'string') return null;
    return { path, uid: uid as number, part };
  } catch {
    return null;
  }
}

/** `<subject>.eml`, safe as a file name. Pure. */
export const emlAttachmentName = (subject: string): string =>
  `${
    (subject || 'message')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
      .trim()
      .slice(0, 120) || 'message'
  }.eml`;

/** Reads a message part from the user's IMAP server (the file stays there: no second copy). */
export type FetchPart = (part: MessagePart) => Promise<ComposeFile>;

export function partFetcher(deps: {
  imap: ImapSessions;
  reader: MessageReader;
  session: AuthedSession;
  maxBytes: number;
}): FetchPart {
  const { imap, reader, session, maxBytes } = deps;
  return (ref) =>
    imap.withMailbox(session, ref.path, async (client) => {
      if (ref.part === null) {
        const { source, subject } = await getRawMessage({ client, uid: ref.uid, maxBytes });
        return { filename: emlAttachmentName(subject), contentType: 'message/rfc822', content: source };
      }
      const file = await getAttachment({
        client,
        reader,
        userId: session.userId,
        path: ref.path,
        uid: ref.uid,
        id: ref.part,
        maxBytes,
      });
      const content = Buffer.isBuffer(file.content) ? file.content : await buffer(file.content);
      return { filename: file.filename, contentType: file.contentType, content };
    });
}

/**
 * The uploads, plus the files that forwarded messages' attachment ids name, read from IMAP when a draft is
 * saved or sent. A part that cannot be read any more is simply not found (like a removed upload).
 */
export function withMessageParts(uploads: ComposeRepository, fetchPart: FetchPart): ComposeRepository {
  return {
    ...uploads,
    async find(userId, ids) {
      const stored = await uploads.find(userId, ids.filter(isUploadId));
      const parts = await Promise.all(
        ids.map(async (id): Promise<StoredUpload | null> => {
          const ref = parseMessagePartId(id);
          if (!ref) return null;
          const file = await fetchPart(ref).catch(() => null);
          return file ? { ...file, id, size: file.content.length } : null;
        }),
      );
      return [...stored, ...parts.filter((p): p is StoredUpload => p !== null)];
    },
  };
}
