import type { Readable } from 'node:stream';
import type { ImapFlow } from 'imapflow';
import type { MessageDetail } from '@pigeon/shared';
import {
  attachedMessageTooLarge,
  attachmentNotFound,
  attachmentTooLarge,
  messageNotFound,
  messageTooComplex,
  readersBusy,
} from '../message.errors.ts';
import { toFlags } from '../imap/summary.mapper.ts';
import type { MessageReader } from './message-reader.ts';
import { ReadPoolBusy } from './read-pool.ts';
import type { EditableMessage } from './render-reading.ts';
import { isMessageType } from '../mime/attached-message.ts';
import { toSender } from '../mime/sender.ts';
import type { Reading, ReadingAttachment } from './reading-cache.ts';
import { documentBody, messageDocument, textDocument } from './sanitize.ts';

export interface ReadArgs {
  /** `path` is selected (inside app.imap.withMailbox) */
  client: ImapFlow;
  reader: MessageReader;
  /** the account the message is in (the reading cache's owner) */
  accountId: string;
  path: string;
  uid: number;
}

/** The reader's DTO from a reading and the message's current flags. Pure. */
export function toDetail(reading: Reading, flags: Set<string> | undefined): MessageDetail {
  const h = reading.headers;
  return {
    ...reading.summary,
    // the parsed header (every charset fix of mime/) over the envelope's decoding; the sender guard either way
    subject: h.subject || reading.summary.subject,
    ...(h.from ? toSender(h.from) : {}),
    flags: toFlags(flags),
    cc: h.cc,
    bcc: h.bcc,
    replyTo: h.replyTo,
    messageId: h.messageId,
    inReplyTo: h.inReplyTo,
    references: h.references,
    text: reading.text,
    hasHtml: reading.bodyHtml !== null,
    hasRemoteContent: reading.hasRemoteContent,
    attachments: reading.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
      inline: a.inline,
      ...(a.message ? { message: a.message } : {}),
    })),
    bodyNotice: reading.bodyNotice,
  };
}

/** The reader's view of a message; a GET changes nothing (the web marks it read with a POST after display). */
export async function getMessageDetail(args: ReadArgs): Promise<MessageDetail> {
  const { client, uid } = args;
  // flags are read fresh on every open (cheap); the rest comes from the reading
  const current = await client.fetchOne(String(uid), { uid: true, flags: true }, { uid: true });
  if (!current || current.uid !== uid) throw messageNotFound(uid);
  const reading = await args.reader.open({ ...args, remote: false });
  return toDetail(reading, current.flags);
}

/** The sanitized HTML document for the reader frame (plain-text messages as escaped <pre>, made in a worker). */
export async function getMessageBody(args: ReadArgs & { remote: boolean }): Promise<string> {
  return bodyDocument(await args.reader.open(args));
}

/** The reader frame's document of a reading. Pure. */
export function bodyDocument(reading: Reading): string {
  if (reading.bodyHtml !== null) return messageDocument(reading.bodyHtml);
  return reading.plainDocument ?? EMPTY_DOCUMENT;
}

const EMPTY_DOCUMENT = textDocument('');

/** The body of a reading as a fragment to set inside another page (the print view). Pure. */
export function bodyFragment(reading: Reading): string {
  return reading.bodyHtml ?? documentBody(reading.plainDocument ?? EMPTY_DOCUMENT) ?? '';
}

/** What the print view shows: the reader's view of the message and its body fragment (remote only when asked). */
export interface Printable {
  detail: MessageDetail;
  bodyHtml: string;
}

/** The print view's parts of one message, both from the reading pipeline (one load, cached). */
export async function getPrintable(args: ReadArgs & { remote: boolean }): Promise<Printable> {
  const detail = await getMessageDetail(args);
  return { detail, bodyHtml: bodyFragment(await args.reader.open(args)) };
}

export interface AttachmentFile {
  filename: string;
  contentType: string;
  /** a stream from IMAP, read by part; or the bytes of an attachment found inside a displayed part */
  content: Readable | Buffer;
}

const SAFE_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
const ATTACHMENT_ID = /^(\d{1,5}(\.\d{1,5}){0,40}|x\d{1,5})$/;

/** An attachment of a reading: its file when the reading holds the bytes, else its IMAP part to stream. */
export type AttachmentTarget =
  | { file: AttachmentFile }
  | { file: null; part: string; filename: string; contentType: string; uidValidity: bigint | null };

/**
 * Which attachment `id` names, from the reading (attachment.not_found, attachment_too_large past `maxBytes`); its bytes
 * when the reading holds them. Nothing is streamed here, so the command connection is not held by a download.
 */
export async function resolveAttachment(args: ReadArgs & { id: string; maxBytes: number }): Promise<AttachmentTarget> {
  if (!ATTACHMENT_ID.test(args.id)) throw attachmentNotFound();
  const reading = await args.reader.open({ ...args, remote: false });
  const { att, file } = pickAttachment(reading, args.id, args.maxBytes);
  if (file) return { file };
  const mailbox = args.client.mailbox;
  return {
    file: null,
    // pickAttachment answers the file of every attachment without a part number: this one has one
    part: att.part as string,
    filename: att.filename,
    ...attachmentType(att),
    uidValidity: mailbox ? BigInt(mailbox.uidValidity) : null,
  };
}

/**
 * One attachment's decoded bytes, streamed from IMAP by part (never the whole message), at most `maxBytes`.
 * Invariant: the stream reads the selected mailbox, so `client` keeps it selected until the stream ends.
 */
export async function streamAttachment(
  client: ImapFlow,
  uid: number,
  target: { part: string; filename: string; contentType: string },
  maxBytes: number,
): Promise<AttachmentFile> {
  const download = await client.download(String(uid), target.part, { uid: true, decodeText: false, maxBytes });
  if (!download.content) throw attachmentNotFound();
  return { filename: target.filename, contentType: target.contentType, content: download.content };
}

/**
 * One attachment's decoded bytes on the connection that read it (IMAP_DOWNLOADS_PER_USER=0); larger than `maxBytes`:
 * message.attachment_too_large. Invariant: the stream reads the selected mailbox, so hold the lock until it ends.
 */
export async function getAttachment(args: ReadArgs & { id: string; maxBytes: number }): Promise<AttachmentFile> {
  const target = await resolveAttachment(args);
  return target.file ?? streamAttachment(args.client, args.uid, target, args.maxBytes);
}

const attachmentType = (att: ReadingAttachment) => ({
  contentType: SAFE_TYPE.test(att.contentType) ? att.contentType : 'application/octet-stream',
});

/**
 * The attachment `id` of a reading (attachment.not_found, attachment_too_large past `maxBytes`), and its file when
 * the reading holds its bytes (found inside a displayed part, or a whole-source reading). Pure.
 */
export function pickAttachment(
  reading: Reading,
  id: string,
  maxBytes: number,
): { att: ReadingAttachment; file: AttachmentFile | null } {
  if (!ATTACHMENT_ID.test(id)) throw attachmentNotFound();
  const att = reading.attachments.find((a) => a.id === id);
  if (!att) throw attachmentNotFound();
  if (att.size > maxBytes) throw attachmentTooLarge(maxBytes);
  const file =
    att.part === null
      ? { filename: att.filename, ...attachmentType(att), content: att.content ?? Buffer.alloc(0) }
      : null;
  return { att, file };
}

/**
 * The attached message `id` of a reading (message/rfc822 or message/global only: attachment_not_found otherwise),
 * within the display bound (message.attached_too_large past it). Pure.
 */
export function pickAttachedMessage(reading: Reading, id: string, displayMaxBytes: number): ReadingAttachment {
  if (!ATTACHMENT_ID.test(id)) throw attachmentNotFound();
  // IMAP readings name them from BODYSTRUCTURE (`message`); a whole-source reading (POP3) only has the type
  const attachment = reading.attachments.find((a) => a.id === id && (a.message || isMessageType(a.contentType)));
  if (!attachment) throw attachmentNotFound();
  if (attachment.size > displayMaxBytes) throw attachedMessageTooLarge(displayMaxBytes);
  return attachment;
}

/** An attached message's source as a frame document: parsed and sanitized in a worker like any body, remote blocked. */
export async function attachedMessageDocument(reader: MessageReader, source: Buffer): Promise<string> {
  const { displayMaxBytes, unsanitizedBodiesForTests } = reader.config;
  try {
    const rendered = await reader.pool.render(source, {
      remote: false,
      inlineBudgetBytes: displayMaxBytes,
      unsanitizedForTests: unsanitizedBodiesForTests,
    });
    return rendered.bodyHtml !== null ? messageDocument(rendered.bodyHtml) : (rendered.plainDocument ?? EMPTY_DOCUMENT);
  } catch (err) {
    throw err instanceof ReadPoolBusy ? readersBusy() : messageTooComplex();
  }
}

/**
 * An attached message (message/rfc822) as a frame document of its own: read by part within the display bound, parsed
 * and sanitized in a worker like any body, remote content blocked. Its From/Subject/Date are in the detail already.
 */
export async function getAttachedMessageBody(args: ReadArgs & { id: string }): Promise<string> {
  if (!ATTACHMENT_ID.test(args.id)) throw attachmentNotFound();
  const reading = await args.reader.open({ ...args, remote: false });
  const maxBytes = args.reader.config.displayMaxBytes;
  const attachment = pickAttachedMessage(reading, args.id, maxBytes);
  return attachedMessageDocument(args.reader, await getAttachmentBytes({ ...args, attachment, maxBytes }));
}

/** One attachment's bytes in memory (a forward copies it): downloaded by part, at most `maxBytes`. */
export async function getAttachmentBytes({
  client,
  uid,
  attachment,
  maxBytes,
}: {
  client: ImapFlow;
  uid: number;
  attachment: ReadingAttachment;
  maxBytes: number;
}): Promise<Buffer> {
  if (attachment.size > maxBytes) throw attachmentTooLarge(maxBytes);
  if (attachment.part === null) return attachment.content ?? Buffer.alloc(0);
  const download = await client.download(String(uid), attachment.part, { uid: true, decodeText: false, maxBytes });
  if (!download.content) throw attachmentNotFound();
  const chunks: Buffer[] = [];
  for await (const chunk of download.content) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The message source exactly as stored, streamed from IMAP in chunks, and its subject for a file name. */
export async function streamRawMessage({
  client,
  uid,
}: {
  client: ImapFlow;
  uid: number;
}): Promise<{ source: Readable; subject: string }> {
  const msg = await client.fetchOne(String(uid), { uid: true, envelope: true }, { uid: true });
  if (!msg || msg.uid !== uid) throw messageNotFound(uid);
  const download = await client.download(String(uid), undefined, { uid: true });
  if (!download.content) throw messageNotFound(uid);
  return { source: download.content, subject: msg.envelope?.subject ?? '' };
}

/** The whole source in memory, for a draft opened again or a message forwarded as a file: at most `maxBytes`. */
export async function getRawMessage({
  client,
  uid,
  maxBytes,
}: {
  client: ImapFlow;
  uid: number;
  maxBytes: number;
}): Promise<{ source: Buffer; subject: string }> {
  const msg = await client.fetchOne(String(uid), { uid: true, envelope: true, size: true }, { uid: true });
  if (!msg || msg.uid !== uid) throw messageNotFound(uid);
  if ((msg.size ?? 0) > maxBytes) throw attachmentTooLarge(maxBytes);
  const { source } = await streamRawMessage({ client, uid });
  const chunks: Buffer[] = [];
  for await (const chunk of source) chunks.push(chunk as Buffer);
  return { source: Buffer.concat(chunks), subject: msg.envelope?.subject ?? '' };
}

/**
 * A message (a draft) read whole, at most `maxBytes`, and parsed for the composer in a reading worker, under the same
 * time budget as reading it: a draft another client wrote is outside input too.
 */
export async function readForEditing({
  client,
  reader,
  uid,
  maxBytes,
}: {
  client: ImapFlow;
  reader: MessageReader;
  uid: number;
  maxBytes: number;
}): Promise<EditableMessage> {
  const { source } = await getRawMessage({ client, uid, maxBytes });
  return parseForEditing(reader, source);
}

/** A whole message source parsed for the composer in a reading worker (message.busy, message.too_complex). */
export async function parseForEditing(reader: MessageReader, source: Buffer): Promise<EditableMessage> {
  try {
    return await reader.pool.parseForEditing(source);
  } catch (err) {
    throw err instanceof ReadPoolBusy ? readersBusy() : messageTooComplex();
  }
}
