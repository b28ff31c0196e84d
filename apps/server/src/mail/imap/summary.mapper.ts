import type { FetchMessageObject, MessageAddressObject } from 'imapflow';
import type { Address, MessageFlags, MessageSummary } from '@pigeon/shared';
import { hasAttachments } from '../reading/bodystructure.ts';
import libmime from 'libmime';
import addressparser from 'nodemailer/lib/addressparser';
import { repairIso2022KrText } from '../mime/charset.ts';
import { decodeHeaderWords } from '../mime/header-words.ts';
import { toSender } from '../mime/sender.ts';

/** The FETCH items a list row needs (BODYSTRUCTURE for attachments and the preview part, raw Subject and From). */
export const SUMMARY_FETCH_QUERY = {
  uid: true,
  flags: true,
  envelope: true,
  size: true,
  internalDate: true,
  bodyStructure: true,
  headers: ['subject', 'from'] as string[],
} as const;

const HEADERS_MAX = 8192;
const UTF7_WORD = /=\?(?:(?:cs)?unicode-?1-?1-?)?utf-?7(?:\*[^?]*)?\?/i;

/**
 * The Subject decoded from its raw header when it holds UTF-7 encoded words, which imapflow's ENVELOPE decoding
 * refuses and leaves as `+…-` with the charset lost; null otherwise (the envelope's subject stands). Pure.
 */
export function utf7Subject(rawHeaders: Buffer | undefined): string | null {
  const value = utf7Field(rawHeaders, 'subject');
  return value === null ? null : decodeHeaderWords(value).trim();
}

/** The raw value of a field when it holds a UTF-7 encoded word (imapflow's decoding gives up on those), else null. */
function utf7Field(rawHeaders: Buffer | undefined, name: 'subject' | 'from'): string | null {
  const raw = rawHeaders?.toString('latin1', 0, HEADERS_MAX);
  if (!raw) return null;
  const value = libmime.decodeHeaders(raw)[name]?.[0];
  return typeof value === 'string' && UTF7_WORD.test(value) ? value : null;
}

/** The first From name decoded from the raw header when it is written in UTF-7 encoded words, else null. Pure. */
export function utf7FromName(rawHeaders: Buffer | undefined): string | null {
  const value = utf7Field(rawHeaders, 'from');
  if (value === null) return null;
  const first = addressparser(value, { flatten: true })[0];
  return first?.name ? decodeHeaderWords(first.name).trim() : null;
}

const address = (a: { name?: string; address?: string }): Address => ({
  name: (a.name ?? '').trim(),
  address: (a.address ?? '').trim(),
});

export function toAddresses(list: MessageAddressObject[] | undefined): Address[] {
  return (list ?? []).filter((a) => a.address || a.name).map(address);
}

/** IMAP system flags, compared case-insensitively. */
export function toFlags(flags: Set<string> | undefined): MessageFlags {
  const has = new Set([...(flags ?? [])].map((f) => f.toLowerCase()));
  return {
    seen: has.has('\\seen'),
    flagged: has.has('\\flagged'),
    answered: has.has('\\answered'),
    draft: has.has('\\draft'),
  };
}

const validDate = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

/** The Date header when it parses, else INTERNALDATE, as ISO. */
export function toIsoDate(header: unknown, internal: unknown): string {
  if (validDate(header)) return header.toISOString();
  if (validDate(internal)) return internal.toISOString();
  return new Date(0).toISOString();
}

/**
 * One list row from a FETCH result (envelope is RFC 2047-decoded by imapflow, EUC-KR included); the attachment flag
 * from its BODYSTRUCTURE unless the caller read it otherwise (list rows fetch none).
 */
export function toSummary(
  msg: FetchMessageObject,
  preview: string,
  attachments = hasAttachments(msg.bodyStructure),
): MessageSummary {
  const env = msg.envelope;
  const from = env?.from?.[0];
  return {
    uid: msg.uid,
    ...toSender(from && { ...from, name: utf7FromName(msg.headers) ?? repairIso2022KrText(from.name ?? '') }),
    to: toAddresses(env?.to),
    subject: utf7Subject(msg.headers) ?? repairIso2022KrText(env?.subject ?? ''),
    date: toIsoDate(env?.date, msg.internalDate),
    size: msg.size ?? 0,
    flags: toFlags(msg.flags),
    hasAttachments: attachments,
    preview,
  };
}
