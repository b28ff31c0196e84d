import type { AddressObject } from 'mailparser';
import { simpleParser } from 'mailparser';
import type { Address, MessageSummary } from '@pigeon/shared';
import { clip, htmlToText } from '../reading/preview.ts';
import { toSender } from '../mime/sender.ts';

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

/**
 * The list row of a downloaded message (or of its headers alone, from TOP): mailparser reads the header words,
 * charsets and parts once at download, so listing a local folder never parses mail again.
 */
export async function summarize(
  raw: Buffer,
  size: number,
  arrivedAt: Date,
): Promise<StoredSummary & { dateValue: Date }> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true });
  const from = mail.from?.value[0];
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : arrivedAt;
  const text = mail.text?.trim() ? mail.text : mail.html ? htmlToText(mail.html.slice(0, 65_536)) : '';
  const row: StoredSummary & { dateValue: Date } = {
    ...toSender(from ? { name: from.name, address: from.address } : null),
    to: addresses(mail.to),
    subject: mail.subject ?? '',
    date: date.toISOString(),
    dateValue: date,
    size,
    hasAttachments: mail.attachments.some((a) => a.contentDisposition !== 'inline' || !a.contentId),
    attachmentBytes: attachmentBytesOf(mail.attachments),
    preview: clip(text.slice(0, 4096)),
  };
  return noNul(row) as typeof row;
}
