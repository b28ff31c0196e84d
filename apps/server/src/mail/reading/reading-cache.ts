import { LRUCache } from 'lru-cache';
import type { AttachedMessage, MessageSummary } from '@pigeon/shared';
import type { ReadingHeaders, SanitizeInput } from './render-reading.ts';

/** Why the reader shows less than the whole message (shared MessageDetail.bodyNotice). */
export type BodyNotice = 'tooLarge' | 'tooComplex' | null;

export interface ReadingAttachment {
  /** download id: the IMAP part number, or `x<n>` for one found inside a displayed part */
  id: string;
  part: string | null;
  filename: string;
  contentType: string;
  size: number;
  inline: boolean;
  cid: string | null;
  content: Buffer | null;
  /** for an attached message (message/rfc822): its From/Subject/Date */
  message?: AttachedMessage;
}

/** One message as the reader, the body frame, attachments and replies use it: one fetch, one parse. */
export interface Reading {
  /** the row fields (flags as they were at load time: refresh them before showing) */
  summary: MessageSummary;
  headers: ReadingHeaders;
  text: string;
  bodyHtml: string | null;
  /** a plain-text message's frame document (made in a worker); null when it has HTML */
  plainDocument: string | null;
  hasRemoteContent: boolean;
  /** the HTML as sent, kept while remote content is blocked: allowing it re-sanitizes this, nothing is fetched */
  remoteInput: SanitizeInput | null;
  attachments: ReadingAttachment[];
  bodyNotice: BodyNotice;
  partsOmitted: number;
}

export interface ReadingKey {
  /** the mail account the message is in (two accounts may share a path, UIDVALIDITY and UID) */
  accountId: string;
  path: string;
  uidValidity: bigint | number | string;
  uid: number;
  /** remote content allowed: a different body document */
  remote: boolean;
}

/** The cache key: one account's message in one mailbox generation, per remote-content choice. Pure. */
export const readingKey = (k: ReadingKey): string =>
  [k.accountId, String(k.uidValidity), String(k.uid), k.remote ? 'remote' : 'blocked', k.path].join('\u0000');

const ENTRY_OVERHEAD = 2048;

/** Approximate heap bytes of a reading: strings at two bytes a character, plus the bytes it holds. Pure. */
export function readingBytes(r: Reading): number {
  let bytes = ENTRY_OVERHEAD + 2 * (r.text.length + (r.bodyHtml?.length ?? 0) + (r.plainDocument?.length ?? 0));
  for (const a of r.attachments) bytes += 256 + 2 * a.filename.length + (a.content?.length ?? 0);
  if (r.remoteInput) {
    bytes += 2 * r.remoteInput.html.length;
    for (const a of r.remoteInput.inline) bytes += 256 + a.content.length;
  }
  return bytes;
}

/** A byte-bounded LRU of readings; a reading larger than the whole cache is simply not kept. */
export function createReadingCache(maxBytes: number): LRUCache<string, Reading> {
  return new LRUCache<string, Reading>({
    maxSize: maxBytes,
    maxEntrySize: maxBytes,
    sizeCalculation: (r) => readingBytes(r),
  });
}
