import type { FetchMessageObject, ImapFlow } from 'imapflow';
import type { ParsedMail } from 'mailparser';
import type { MessageDetail } from '@pigeon/shared';
import { attachmentNotFound, messageNotFound } from './message.errors.ts';
import { SUMMARY_FETCH_QUERY, attachmentFilename, toDetail } from './message.mapper.ts';
import { parseMail } from './mime/parse-mail.ts';
import { messageDocument, sanitizeMessageHtml, textDocument } from './sanitize.ts';

interface Loaded {
  msg: FetchMessageObject & { source: Buffer };
  parsed: ParsedMail;
}

async function fetchSource(client: ImapFlow, uid: number): Promise<FetchMessageObject & { source: Buffer }> {
  const msg = await client.fetchOne(String(uid), { ...SUMMARY_FETCH_QUERY, source: true }, { uid: true });
  if (!msg || msg.uid !== uid || !msg.source) throw messageNotFound(uid);
  return msg as FetchMessageObject & { source: Buffer };
}

/** Downloads and parses one message (BODY.PEEK: reading the source does not mark it seen). */
async function load(client: ImapFlow, uid: number): Promise<Loaded> {
  const msg = await fetchSource(client, uid);
  // cid: links stay as they are; the sanitizer turns them into data: URIs itself
  const parsed = await parseMail(msg.source);
  return { msg, parsed };
}

/** The reader's view of a message; a GET changes nothing (the web marks it read with a POST after display). */
export async function getMessageDetail({ client, uid }: { client: ImapFlow; uid: number }): Promise<MessageDetail> {
  const { msg, parsed } = await load(client, uid);
  const hasRemoteContent =
    typeof parsed.html === 'string' && sanitizeMessageHtml(parsed.html, { remote: false }).hasRemoteContent;
  return toDetail({ msg, parsed, hasRemoteContent });
}

/** The sanitized HTML document for the reader frame (plain-text messages as escaped <pre>). */
export async function getMessageBody({
  client,
  uid,
  remote,
}: {
  client: ImapFlow;
  uid: number;
  remote: boolean;
}): Promise<string> {
  const { parsed } = await load(client, uid);
  if (typeof parsed.html !== 'string' || !parsed.html) return textDocument(parsed.text ?? '');
  return messageDocument(sanitizeMessageHtml(parsed.html, { remote, inline: parsed.attachments }).html);
}

export interface AttachmentFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

const SAFE_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** One attachment's decoded bytes; `id` is its index in the parsed message (see toAttachments). */
export async function getAttachment({
  client,
  uid,
  id,
}: {
  client: ImapFlow;
  uid: number;
  id: string;
}): Promise<AttachmentFile> {
  if (!/^\d{1,4}$/.test(id)) throw attachmentNotFound();
  const { parsed } = await load(client, uid);
  const index = Number(id);
  const att = parsed.attachments[index];
  if (!att) throw attachmentNotFound();
  const type = (att.contentType ?? '').toLowerCase();
  return {
    filename: attachmentFilename(att, index),
    contentType: SAFE_TYPE.test(type) ? type : 'application/octet-stream',
    content: att.content,
  };
}

/** The message source exactly as stored, and its subject for a file name. */
export async function getRawMessage({
  client,
  uid,
}: {
  client: ImapFlow;
  uid: number;
}): Promise<{ source: Buffer; subject: string }> {
  const msg = await fetchSource(client, uid);
  return { source: msg.source, subject: msg.envelope?.subject ?? '' };
}
