import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DRAFT_ID_HEADER, type MailStore } from '../../mail/mail-store.ts';
import { attachmentTooLarge } from '../../mail/message.errors.ts';
import type { EditableMessage } from '../../mail/reading/render-reading.ts';
import type { ComposeRepository, StoredUpload } from './compose.repository.ts';
import type { ComposeFile } from './mime.ts';
import { DRAFT_BODY_LIMIT } from './compose.service.ts';
import { AppError } from '../../core/app-error.ts';
import { composeErrors } from './compose.errors.ts';

/** A file of a message in the user's mailbox: one attachment (`part`, the reader's id) or the whole message (null). */
export interface MessagePart {
  path: string;
  uid: number;
  part: string | null;
}

/**
 * A file of a Pigeon draft, named by the draft's id and the part's Content-ID: every autosave replaces the
 * draft's message (new UID) but keeps both, so the name still finds the file in whichever copy is current.
 */
export interface DraftPart {
  path: string;
  draftId: string;
  cid: string;
  /** where the file is until the draft is first saved by Pigeon (another client's draft, a part without a
   * Content-ID): the opened message's UID and the file's index among its attachments */
  origin?: { uid: number; index: number };
}

const PREFIX = 'm.';
const DRAFT_PREFIX = 'd.';
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

const encodeRef = (prefix: string, v: unknown[]) => prefix + Buffer.from(JSON.stringify(v)).toString('base64url');

function decodeRef(prefix: string, id: string): unknown[] | null {
  if (!id.startsWith(prefix) || id.length > 1500) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(id.slice(prefix.length), 'base64url').toString('utf8'));
    return Array.isArray(v) && (v.length === 3 || v.length === 5) ? v : null;
  } catch {
    return null;
  }
}

/** The attachment id of an opened draft's file: it stays in the draft, so opening copies nothing. Pure. */
export const draftPartId = (p: DraftPart): string =>
  encodeRef(DRAFT_PREFIX, [p.path, p.draftId, p.cid, ...(p.origin ? [p.origin.uid, p.origin.index] : [])]);

const isIndex = (n: unknown, min: number): n is number => Number.isInteger(n) && (n as number) >= min;

/** The draft part an attachment id names, or null. Pure. */
export function parseDraftPartId(id: string): DraftPart | null {
  const v = decodeRef(DRAFT_PREFIX, id);
  if (!v) return null;
  const [path, draftId, cid, uid, index] = v;
  if (typeof path !== 'string' || !path || typeof draftId !== 'string' || !draftId) return null;
  if (typeof cid !== 'string' || !cid) return null;
  if (v.length === 3) return { path, draftId, cid };
  if (!isIndex(uid, 1) || !isIndex(index, 0)) return null;
  return { path, draftId, cid, origin: { uid, index } };
}

/** A Content-ID without its angle brackets (how draft parts are named). Pure. */
export const bareCid = (cid: string | undefined): string => (cid ?? '').trim().replace(/^<|>$/g, '');

/**
 * The Content-ID a draft gives an attachment: kept across autosaves (a draft part keeps its own), so an opened
 * draft's `d.` ids go on naming the same files in the next copy. Pure.
 */
export function attachmentCid(id: string): string {
  const draftPart = parseDraftPartId(id);
  if (draftPart) return draftPart.cid;
  if (isUploadId(id)) return `${id.toLowerCase()}@pigeon`;
  return `${createHash('sha256').update(id).digest('hex').slice(0, 32)}@pigeon`;
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

/**
 * A stream's bytes in one Buffer, copied once: `stream/consumers`' `buffer()` goes through a Blob, and for an 18 MB
 * forward that held the event loop ~0.35 s (decision 010 round 9).
 */
async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads a message or draft part from the account's mail store (the file stays there: no second copy). */
export type FetchPart = (part: MessagePart | DraftPart) => Promise<ComposeFile>;

/** The attachment with Content-ID `cid` (or at `index`) of a parsed draft, or null. */
function draftFile(parsed: EditableMessage, cid: string, index?: number): ComposeFile | null {
  const a =
    index === undefined
      ? parsed.attachments.find((x) => bareCid(x.cid ?? undefined) === cid)
      : parsed.attachments[index];
  if (!a) return null;
  return {
    filename: a.filename,
    contentType: a.contentType,
    content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
  };
}

export function partFetcher(deps: {
  /** the account the parts are in (a request's session's store) */
  mail: Pick<MailStore, 'searchHeader' | 'editable' | 'size' | 'read' | 'attachment'>;
  maxBytes: number;
}): FetchPart {
  const { mail, maxBytes } = deps;
  // a draft holds at most maxBytes of files (base64: 4/3) besides its text
  const draftMaxBytes = Math.ceil((maxBytes * 4) / 3) + DRAFT_BODY_LIMIT;
  // each copy of a draft is read and parsed once per request, however many of its files are named
  const drafts = new Map<string, Promise<EditableMessage[]>>();
  const draftCopies = (ref: DraftPart) => {
    const key = JSON.stringify([ref.path, ref.draftId]);
    let copies = drafts.get(key);
    if (!copies) {
      copies = (async () => {
        // newest copy first: during a save the old copy is still there (it is deleted after the APPEND)
        const uids = (await mail.searchHeader(ref.path, DRAFT_ID_HEADER, ref.draftId)).sort((a, b) => b - a);
        const out: EditableMessage[] = [];
        for (const uid of uids) out.push(await mail.editable(ref.path, uid, draftMaxBytes));
        return out;
      })();
      drafts.set(key, copies);
    }
    return copies;
  };
  // the message a draft was opened from, before Pigeon saved it (another client's draft): read once per request
  const origins = new Map<string, Promise<EditableMessage | null>>();
  const originOf = (path: string, uid: number) => {
    const key = JSON.stringify([path, uid]);
    let parsed = origins.get(key);
    if (!parsed) {
      parsed = mail.editable(path, uid, draftMaxBytes).catch((err: unknown) => {
        if (err instanceof AppError && err.statusCode === 404) return null;
        throw err;
      });
      origins.set(key, parsed);
    }
    return parsed;
  };
  return async (ref) => {
    if ('draftId' in ref) {
      for (const parsed of await draftCopies(ref)) {
        const file = draftFile(parsed, ref.cid);
        if (file) return file;
      }
      // not saved by Pigeon yet: the file is where the draft was opened from
      const origin = ref.origin && (await originOf(ref.path, ref.origin.uid));
      const file = origin && ref.origin ? draftFile(origin, ref.cid, ref.origin.index) : null;
      if (file) return file;
      throw composeErrors.attachmentNotFound();
    }
    if (ref.part === null) {
      // the whole message as a .eml file, at most maxBytes
      if ((await mail.size(ref.path, ref.uid)) > maxBytes) throw attachmentTooLarge(maxBytes);
      const { content, subject } = await mail.read(ref.path, ref.uid, async (m) => ({
        content: await readAll(m.source),
        subject: m.subject,
      }));
      return { filename: emlAttachmentName(subject), contentType: 'message/rfc822', content };
    }
    return mail.attachment(ref.path, ref.uid, ref.part, maxBytes, async (file) => ({
      filename: file.filename,
      contentType: file.contentType,
      content: Buffer.isBuffer(file.content) ? file.content : await readAll(file.content),
    }));
  };
}

/**
 * The uploads, plus the files that forwarded messages' and opened drafts' attachment ids name, read from IMAP
 * when a draft is saved, sent or shown. A part that cannot be read any more is simply not found (like a removed upload).
 */
export function withMessageParts(uploads: ComposeRepository, fetchPart: FetchPart): ComposeRepository {
  return {
    ...uploads,
    async find(userId, ids) {
      const stored = await uploads.find(userId, ids.filter(isUploadId));
      const parts = await Promise.all(
        ids.map(async (id): Promise<StoredUpload | null> => {
          const ref = parseMessagePartId(id) ?? parseDraftPartId(id);
          if (!ref) return null;
          const file = await fetchPart(ref).catch((err: unknown) => {
            // a draft's file that cannot be read just now (rather than: is gone) fails the save, so the old
            // copy, which holds it, is kept and the next autosave tries again: dropping it would lose it
            const gone = err instanceof AppError && err.code === 'compose.attachment_not_found';
            if ('draftId' in ref && !gone) throw err;
            return null;
          });
          return file ? { ...file, id, size: file.content.length } : null;
        }),
      );
      return [...stored, ...parts.filter((p): p is StoredUpload => p !== null)];
    },
  };
}
