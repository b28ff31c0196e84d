import type { FetchMessageObject, MessageAddressObject } from 'imapflow';
import type { Address, MessageFlags, MessageSummary } from '@pigeon/shared';
import { hasAttachments } from '../message/bodystructure.ts';
import libmime from 'libmime';
import { repairIso2022KrText } from '../message/mime/charset.ts';
import { decodeHeaderWords } from '../message/mime/header-words.ts';
import { toSender } from '../message/mime/sender.ts';

/** The FETCH items a list row needs (BODYSTRUCTURE for attachments and the preview part, the raw Subject). */
export const SUMMARY_FETCH_QUERY = {
  uid: true,
  flags: true,
  envelope: true,
  size: true,
  internalDate: true,
  bodyStructure: true,
  headers: ['subject'] as string[],
} as const;

const SUBJECT_MAX = 4096;
const UTF7_WORD = /=\?(?:(?:cs)?unicode-?1-?1-?)?utf-?7(?:\*[^?]*)?\?/i;

/**
 * The Subject decoded from its raw header when it holds UTF-7 encoded words, which imapflow's ENVELOPE decoding
 * refuses and leaves as `+…-` with the charset lost; null otherwise (the envelope's subject stands). Pure.
 */
export function utf7Subject(rawHeaders: Buffer | undefined): string | null {
  const raw = rawHeaders?.toString('latin1', 0, SUBJECT_MAX);
  if (!raw || !UTF7_WORD.test(raw)) return null;
  const value = libmime.decodeHeaders(raw).subject?.[0];
  return typeof value === 'string' ? decodeHeaderWords(value).trim() : null;
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

/** One list row from a FETCH result (envelope is RFC 2047-decoded by imapflow, EUC-KR included). */
export function toSummary(msg: FetchMessageObject, preview: string): MessageSummary {
  const env = msg.envelope;
  return {
    uid: msg.uid,
    ...toSender(env?.from?.[0] && { ...env.from[0], name: repairIso2022KrText(env.from[0].name ?? '') }),
    to: toAddresses(env?.to),
    subject: utf7Subject(msg.headers) ?? repairIso2022KrText(env?.subject ?? ''),
    date: toIsoDate(env?.date, msg.internalDate),
    size: msg.size ?? 0,
    flags: toFlags(msg.flags),
    hasAttachments: hasAttachments(msg.bodyStructure),
    preview,
  };
}
