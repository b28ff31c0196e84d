import type { AddressObject, EmailAddress, ParsedMail } from 'mailparser';
import type { Address } from '@pigeon/shared';
import { PART_HEADER } from './display-source.ts';
import { chooseInlineImages } from './inline-budget.ts';
import { attachmentFilename } from './message.mapper.ts';
import { parseMail, type AttachedMessage } from '../mime/parse-mail.ts';
import { decodeCharset, decodeTransferEncoding, htmlToText } from './preview.ts';
import { sanitizeMessageHtml, textDocument } from './sanitize.ts';

/** The message's own header fields, as reply, forward and the reader need them. */
export interface ReadingHeaders {
  subject: string;
  from: Address | null;
  to: Address[];
  cc: Address[];
  bcc: Address[];
  replyTo: Address[];
  /** ISO, or null when the Date header does not parse */
  date: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** X-Pigeon-Draft-* fields, for a draft opened again */
  draftId: string | null;
  draftState: string | null;
}

export interface RenderedAttachment {
  /** IMAP part number to download it by; null for one found inside a displayed part (uuencode, TNEF) */
  part: string | null;
  filename: string;
  contentType: string;
  cid: string | null;
  inline: boolean;
  /** bytes, for the ones without a part number (their only copy) */
  content: Uint8Array | null;
  size: number;
  /** the part number in the source as parsed (mailparser's IMAP-style partId): a whole source's stable id */
  sourcePart: string | null;
  /** From/Subject/Date of an attached message (message/rfc822) whose bytes were parsed */
  message?: AttachedMessage;
}

/** What the sanitizer needs to run again with remote content allowed: the HTML as sent and its inline images. */
export interface SanitizeInput {
  html: string;
  inline: { cid: string | null; contentType: string; content: Uint8Array }[];
}

export interface RenderedMessage {
  headers: ReadingHeaders;
  /** plain text (text/plain, or derived from the HTML) */
  text: string;
  /** sanitized HTML fragment for the frame; null for a plain-text message */
  bodyHtml: string | null;
  /** a plain-text message as the frame's document (escaped, links made), built here rather than on the event loop */
  plainDocument: string | null;
  hasRemoteContent: boolean;
  /** kept when remote content was blocked, so allowing it only sanitizes again (no second fetch or parse) */
  remoteInput: SanitizeInput | null;
  attachments: RenderedAttachment[];
}

export interface RenderOptions {
  remote: boolean;
  /** bytes the inline images may add to the document (each reference repeats the image) */
  inlineBudgetBytes: number;
  /** TESTS ONLY (TEST_UNSANITIZED_BODIES): the HTML as the sender wrote it, to test the sandbox and CSP alone */
  unsanitizedForTests?: boolean;
}

const address = (a: { name?: string; address?: string }): Address => ({
  name: (a.name ?? '').trim(),
  address: (a.address ?? '').trim(),
});

function flatten(value: AddressObject | AddressObject[] | undefined): Address[] {
  const out: Address[] = [];
  const visit = (a: EmailAddress) => {
    if (a.group) a.group.forEach(visit);
    else if (a.address || a.name) out.push(address(a));
  };
  for (const obj of Array.isArray(value) ? value : value ? [value] : []) obj.value.forEach(visit);
  return out;
}

const references = (r: string | string[] | undefined): string[] =>
  Array.isArray(r) ? r : r ? r.split(/\s+/).filter(Boolean) : [];

const headerText = (parsed: ParsedMail, name: string): string | null => {
  const v = parsed.headers.get(name);
  return typeof v === 'string' ? v : null;
};

const PART_NUMBER = /^\d{1,5}(\.\d{1,5}){0,40}$/;

export function readingHeaders(parsed: ParsedMail): ReadingHeaders {
  const date = parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null;
  return {
    subject: parsed.subject ?? '',
    from: flatten(parsed.from)[0] ?? null,
    to: flatten(parsed.to),
    cc: flatten(parsed.cc),
    bcc: flatten(parsed.bcc),
    replyTo: flatten(parsed.replyTo),
    date,
    messageId: parsed.messageId ?? null,
    inReplyTo: typeof parsed.inReplyTo === 'string' ? parsed.inReplyTo : null,
    references: references(parsed.references),
    draftId: headerText(parsed, 'x-pigeon-draft-id'),
    draftState: headerText(parsed, 'x-pigeon-draft-state'),
  };
}

/**
 * Parses a display source (see display-source.ts) and sanitizes its HTML: everything the reader shows of one
 * message. CPU-bound on attacker input: runs in a worker thread under a time budget (read-pool.ts).
 */
export async function renderReading(source: Buffer, opts: RenderOptions): Promise<RenderedMessage> {
  const parsed = await parseMail(source);
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  let bodyHtml: string | null = null;
  let hasRemoteContent = false;
  let remoteInput: SanitizeInput | null = null;
  if (html) {
    const inline = chooseInlineImages(html, parsed.attachments, opts.inlineBudgetBytes);
    const clean = sanitizeMessageHtml(html, { remote: opts.remote, inline });
    bodyHtml = opts.unsanitizedForTests ? html : clean.html;
    hasRemoteContent = clean.hasRemoteContent;
    if (hasRemoteContent && !opts.remote && !opts.unsanitizedForTests)
      remoteInput = {
        html,
        inline: inline.map((a) => ({
          cid: a.cid ?? null,
          contentType: a.contentType,
          content: new Uint8Array(a.content),
        })),
      };
  }
  const text = parsed.text?.trim() ? parsed.text : bodyHtml ? htmlToText(bodyHtml) : '';
  const attachments = parsed.attachments.map((a, i): RenderedAttachment => {
    const tag = a.headers.get(PART_HEADER.toLowerCase());
    const part = typeof tag === 'string' && PART_NUMBER.test(tag.trim()) ? tag.trim() : null;
    return {
      part,
      filename: attachmentFilename(a, i),
      contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
      cid: a.cid ?? null,
      inline: a.contentDisposition === 'inline' || Boolean(a.related && a.cid),
      content: part === null ? new Uint8Array(a.content) : null,
      size: a.size ?? a.content?.length ?? 0,
      sourcePart: typeof a.partId === 'string' && PART_NUMBER.test(a.partId) ? a.partId : null,
      ...(a.attachedMessage ? { message: a.attachedMessage } : {}),
    };
  });
  return {
    headers: readingHeaders(parsed),
    text,
    bodyHtml,
    plainDocument: bodyHtml === null ? textDocument(text) : null,
    hasRemoteContent,
    remoteInput,
    attachments,
  };
}

/** A message as its own sender edits it again (a draft): HTML as written with its cid: links, every file's bytes. */
export interface EditableMessage {
  headers: ReadingHeaders;
  html: string;
  text: string;
  attachments: { filename: string; contentType: string; cid: string | null; content: Uint8Array }[];
}

/** Parses a draft's source for the composer. CPU-bound on stored input: runs in a worker thread (read-pool.ts). */
export async function parseForEditing(source: Buffer): Promise<EditableMessage> {
  const parsed = await parseMail(source);
  return {
    headers: readingHeaders(parsed),
    html: typeof parsed.html === 'string' ? parsed.html : '',
    text: parsed.text ?? '',
    attachments: parsed.attachments.map((a, i) => ({
      filename: attachmentFilename(a, i),
      contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
      cid: a.cid ?? null,
      content: new Uint8Array(a.content),
    })),
  };
}

/** A message's HTML sanitized again, with remote content allowed this time (the user asked for it). */
export function sanitizeWithRemote(input: SanitizeInput): string {
  const inline = input.inline.map((a) => ({
    cid: a.cid ?? undefined,
    contentType: a.contentType,
    content: Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength),
  }));
  return sanitizeMessageHtml(input.html, { remote: true, inline }).html;
}

/** The fallback past the time budget: one text part decoded, nothing parsed, and its frame document. */
export function decodeTextPart(raw: Buffer, encoding: string, charset: string): { text: string; document: string } {
  const text = decodeCharset(decodeTransferEncoding(raw, encoding), charset);
  return { text, document: textDocument(text) };
}
