import type { AddressObject } from 'mailparser';
import libmime from 'libmime';
import { parseAddressHeader, simpleParser } from 'mailparser';
import type { Address, MessageSummary } from '@pigeon/shared';
import { clip, htmlToText } from '../reading/preview.ts';
import { toSender } from '../mime/sender.ts';
import { decodeHeaderWords } from '../mime/header-words.ts';

/**
 * A list row as the local store keeps it: MessageSummary without the per-folder uid and flags, plus the decoded bytes
 * of its attachments for "free up space" (absent on rows stored before it was kept).
 */
export type StoredSummary = Omit<MessageSummary, 'uid' | 'flags'> & { attachmentBytes?: number };

/** The wire row of a stored summary (what the list shows; the store's own fields stay behind). Pure. */
export function toRow(stored: StoredSummary, uid: number, flags: MessageSummary['flags']): MessageSummary {
  const { attachmentBytes: _kept, ...row } = stored;
  return { ...row, uid, flags };
}

/** Decoded bytes of a parsed message's attachments (as `hasAttachments` counts them). Pure. */
export const attachmentBytesOf = (attachments: { contentDisposition?: string; contentId?: string; size: number }[]) =>
  attachments
    .filter((a) => a.contentDisposition !== 'inline' || !a.contentId)
    .reduce((sum, a) => sum + (a.size ?? 0), 0);

const addresses = (a: AddressObject | AddressObject[] | undefined): Address[] =>
  (Array.isArray(a) ? a : a ? [a] : [])
    .flatMap((o) => o.value)
    .filter((v) => v.address || v.name)
    .map((v) => ({ name: (v.name ?? '').trim(), address: (v.address ?? '').trim() }));

// PostgreSQL's jsonb cannot hold U+0000: a NUL a sender put in a header or the text would make the row unstorable
const noNul = (value: unknown): unknown =>
  typeof value === 'string'
    ? value.replaceAll('\u0000', '')
    : Array.isArray(value)
      ? value.map(noNul)
      : value && typeof value === 'object' && !(value instanceof Date)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, noNul(v)]))
        : value;

/** Characters of decoded text kept for search words (LocalBody.text); HTML read for it, at most. */
export const SEARCH_TEXT_MAX_CHARS = 256 * 1024;
const SEARCH_HTML_MAX_CHARS = 256 * 1024;

/** A summarised message: its list row, its Date, and the decoded text search words are matched against. */
export type Summarized = StoredSummary & {
  dateValue: Date;
  /** the text parts decoded (HTML as text), capped; null when only headers were read */
  searchText: string | null;
};

/**
 * The list row of a downloaded message (or of its headers alone, from TOP): mailparser reads the header words,
 * charsets and parts once at download, so listing a local folder never parses mail again. The same parse gives the
 * decoded text (base64 and quoted-printable parts included) that search words are matched against.
 */
export async function summarize(raw: Buffer, size: number, arrivedAt: Date): Promise<Summarized> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true });
  const from = mail.from?.value[0];
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : arrivedAt;
  const text = mail.text?.trim() ? mail.text : mail.html ? htmlToText(mail.html.slice(0, SEARCH_HTML_MAX_CHARS)) : '';
  const row: Summarized = {
    ...toSender(from ? { name: from.name, address: from.address } : null),
    to: addresses(mail.to),
    subject: mail.subject ?? '',
    date: date.toISOString(),
    dateValue: date,
    size,
    hasAttachments: mail.attachments.some((a) => a.contentDisposition !== 'inline' || !a.contentId),
    attachmentBytes: attachmentBytesOf(mail.attachments),
    preview: clip(text.slice(0, 4096)),
    searchText: text.slice(0, SEARCH_TEXT_MAX_CHARS),
  };
  return noNul(row) as typeof row;
}

/** Bytes of a header block the header-only summary reads (a longer block is cut). */
const HEADER_SUMMARY_MAX_BYTES = 64 * 1024;

/**
 * The list row from a header block alone (a TOP preview of a large first download): the header fields are decoded
 * as `summarize` decodes them (mailparser's address parser, the same encoded-word decoding) without starting a MIME
 * parse, which cost about four times the rest (decision 035). No preview and no attachment flag until the body's
 * row replaces this one.
 */
export function summarizeHeaders(block: Buffer, size: number, arrivedAt: Date): Summarized {
  const fields = libmime.decodeHeaders(block.toString('utf8', 0, HEADER_SUMMARY_MAX_BYTES));
  const values = (name: string) => (fields[name] ?? []).filter((v): v is string => typeof v === 'string');
  const from = parseAddressHeader(values('from')[0]).value[0];
  const parsed = new Date(values('date')[0] ?? NaN);
  const date = Number.isNaN(parsed.getTime()) ? arrivedAt : parsed;
  const row: Summarized = {
    ...toSender(from ? { name: from.name, address: from.address } : null),
    to: addresses(values('to').length ? parseAddressHeader(values('to')) : undefined),
    subject: decodeHeaderWords(values('subject')[0] ?? '').trim(),
    date: date.toISOString(),
    dateValue: date,
    size,
    hasAttachments: false,
    attachmentBytes: 0,
    preview: '',
    searchText: null,
  };
  return noNul(row) as typeof row;
}
