import type { FetchMessageObject, MessageAddressObject } from 'imapflow';
import type { Address, MessageFlags, MessageSummary } from '@pigeon/shared';
import { hasAttachments } from '../message/bodystructure.ts';
import { repairIso2022KrText } from '../message/mime/charset.ts';
import { toSender } from '../message/mime/sender.ts';

/** The FETCH items a list row needs (BODYSTRUCTURE for attachments and the preview part). */
export const SUMMARY_FETCH_QUERY = {
  uid: true,
  flags: true,
  envelope: true,
  size: true,
  internalDate: true,
  bodyStructure: true,
} as const;

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
    subject: repairIso2022KrText(env?.subject ?? ''),
    date: toIsoDate(env?.date, msg.internalDate),
    size: msg.size ?? 0,
    flags: toFlags(msg.flags),
    hasAttachments: hasAttachments(msg.bodyStructure),
    preview,
  };
}
