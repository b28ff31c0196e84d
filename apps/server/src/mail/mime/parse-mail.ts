import libmime from 'libmime';
import type { Attachment, ParsedMail } from 'mailparser';
import { repairRawHeaderText } from './charset.ts';
import { runMailParser } from './mail-parser.ts';
import { repairMultipart } from './multipart-repair.ts';
import { decodeTnef } from './tnef.ts';
import { extractUuencoded } from './uuencode.ts';

export interface ParseMailOptions {
  /** keep `cid:` URLs in the HTML as they are (the sanitizer inlines them itself); default true */
  keepCidLinks?: boolean;
}

/** The headers of a message/rfc822 part, for listing it as an attached message. */
export interface AttachedMessage {
  from: string;
  subject: string;
  /** ISO date, or null when the header is missing or unreadable */
  date: string | null;
}

export type MailAttachment = Attachment & { attachedMessage?: AttachedMessage };
export type ParsedMessage = Omit<ParsedMail, 'attachments'> & { attachments: MailAttachment[] };

const TNEF_TYPES = new Set(['application/ms-tnef', 'application/vnd.ms-tnef']);
const MESSAGE_TYPES = new Set(['message/rfc822', 'message/global']);
const ATTACHED_HEAD_MAX = 64 * 1024;

function fileAttachment(filename: string, content: Buffer, contentType: string | null): MailAttachment {
  return {
    type: 'attachment',
    content,
    contentType: contentType || libmime.detectMimeType(filename) || 'application/octet-stream',
    contentDisposition: 'attachment',
    filename,
    size: content.length,
    headers: new Map(),
    headerLines: [],
    checksum: '',
    related: false,
  } as unknown as MailAttachment;
}

const isEmpty = (m: ParsedMessage) => !m.text?.trim() && !m.html && m.attachments.length === 0;

/** winmail.dat: its files take its place in the list (it stays when nothing can be read from it). */
function expandTnef(mail: ParsedMessage): void {
  mail.attachments = mail.attachments.flatMap((a) => {
    const tnefLike = TNEF_TYPES.has((a.contentType ?? '').toLowerCase()) || /^winmail\.dat$/i.test(a.filename ?? '');
    const tnef = tnefLike ? decodeTnef(a.content) : null;
    if (!tnef) return [a];
    if (!mail.html && !mail.text?.trim() && tnef.html) mail.html = tnef.html;
    if (!mail.text?.trim() && tnef.text) mail.text = tnef.text;
    return tnef.files.length ? tnef.files.map((f) => fileAttachment(f.filename, f.content, f.contentType)) : [a];
  });
}

/** uuencoded files in the plain-text body become attachments. */
function extractUu(mail: ParsedMessage): void {
  if (!mail.text) return;
  const { text, files } = extractUuencoded(mail.text);
  if (!files.length) return;
  mail.text = text;
  mail.attachments.push(...files.map((f) => fileAttachment(f.filename, f.content, null)));
}

function displayAddress(value: ParsedMail['from']): string {
  const first = (Array.isArray(value) ? value[0] : value)?.value[0];
  if (!first) return '';
  return first.name && first.address ? `${first.name} <${first.address}>` : first.name || first.address || '';
}

/** From/Subject/Date of each attached message, read from its header block alone. */
async function describeAttachedMessages(mail: ParsedMessage): Promise<void> {
  for (const a of mail.attachments) {
    // parts left unfetched by the reading pipeline are empty: it takes these from BODYSTRUCTURE instead
    if (!MESSAGE_TYPES.has((a.contentType ?? '').toLowerCase()) || !a.content?.toString('latin1', 0, 1024).trim())
      continue;
    let end = a.content.subarray(0, ATTACHED_HEAD_MAX).indexOf('\r\n\r\n');
    if (end < 0) end = a.content.subarray(0, ATTACHED_HEAD_MAX).indexOf('\n\n');
    const head = Buffer.concat([a.content.subarray(0, end < 0 ? ATTACHED_HEAD_MAX : end), Buffer.from('\r\n\r\n')]);
    const { mail: inner } = await runMailParser(head, { keepCidLinks: true });
    const date = inner.date instanceof Date && !Number.isNaN(inner.date.getTime()) && inner.headers.has('date');
    a.attachedMessage = {
      from: displayAddress(inner.from),
      subject: inner.subject ?? '',
      date: date ? inner.date!.toISOString() : null,
    };
    if (!a.filename) a.filename = `${(inner.subject ?? '').trim().slice(0, 100) || 'message'}.eml`;
  }
}

/** The one way the server parses a message source: mailparser plus Pigeon's fix-ups for difficult MIME. */
export async function parseMail(source: Buffer, opts: ParseMailOptions = {}): Promise<ParsedMessage> {
  const keepCidLinks = opts.keepCidLinks ?? true;
  let { mail, textCharsets } = await runMailParser(source, { keepCidLinks });
  if (isEmpty(mail)) {
    const repaired = repairMultipart(source);
    if (repaired) ({ mail, textCharsets } = await runMailParser(repaired, { keepCidLinks }));
  }
  const parsed = mail as ParsedMessage;
  if (parsed.subject) parsed.subject = repairRawHeaderText(parsed.subject, textCharsets);
  for (const a of parsed.attachments) if (a.filename) a.filename = repairRawHeaderText(a.filename, textCharsets);
  expandTnef(parsed);
  extractUu(parsed);
  await describeAttachedMessages(parsed);
  return parsed;
}
