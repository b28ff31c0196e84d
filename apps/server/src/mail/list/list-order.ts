import libmime from 'libmime';
import addressparser from 'nodemailer/lib/addressparser';
import { decodeHeaderWords } from '../mime/header-words.ts';
import type { ListView } from './list-view.ts';

/** One message's sort value when the server cannot SORT: a number (size, UID) or a text (sender, subject). */
export interface OrderKey {
  uid: number;
  value: number | string;
}

// RFC 5256 base subject, simplified: leading Re:/Fwd:/Fw:/답장:/전달: (any count, [list] tags) and trailing (fwd)
const SUBJECT_PREFIX = /^\s*(?:\[[^\]]*\]\s*)*(?:(?:re|fwd?|aw|sv|답장|회신|전달)\s*(?:\[\d+\])?\s*:\s*)+/i;

/** The subject as SORT SUBJECT compares it: without reply/forward prefixes, list tags and case. */
export function baseSubject(subject: string): string {
  let s = subject.normalize('NFC').trim();
  for (let i = 0; i < 10; i++) {
    const next = s
      .replace(SUBJECT_PREFIX, '')
      .replace(/\s*\(fwd\)\s*$/i, '')
      .trim();
    if (next === s) break;
    s = next;
  }
  return s.toLowerCase();
}

/** The sender as SORT DISPLAYFROM compares it: the display name, else the address. */
export const displayFrom = (from: { name?: string; address?: string } | undefined): string =>
  (from?.name?.trim() || from?.address?.trim() || '').toLowerCase();

const collator = new Intl.Collator('und', { sensitivity: 'base', numeric: true });

/**
 * Each text's place in collation order (texts the collator calls equal share one): the collator compares only the
 * distinct texts (a few thousand senders or subjects among 50,000 messages), the messages are then sorted by number.
 */
function ranks(texts: string[]): Map<string, number> {
  const distinct = [...new Set(texts)].sort(collator.compare);
  const rank = new Map<string, number>();
  let at = 0;
  distinct.forEach((text, i) => {
    if (i > 0 && collator.compare(distinct[i - 1]!, text) !== 0) at++;
    rank.set(text, at);
  });
  return rank;
}

/** UIDs in the view's order; ties by UID ascending (as SORT breaks ties by sequence number). */
export function orderByKeys(keys: OrderKey[], view: Pick<ListView, 'order'>): number[] {
  const sign = view.order === 'desc' ? -1 : 1;
  const numeric = keys.every((k) => typeof k.value === 'number');
  const rank = numeric ? null : ranks(keys.map((k) => String(k.value)));
  const at = (k: OrderKey): number => (rank ? rank.get(String(k.value))! : (k.value as number));
  const sorted = keys.map((k) => ({ uid: k.uid, at: at(k) })).sort((a, b) => sign * (a.at - b.at) || a.uid - b.uid);
  return sorted.map((k) => k.uid);
}

// a From or Subject field past this is hostile (a 1 MB header): its first bytes still sort it
const FIELD_MAX_BYTES = 8192;

/** The unfolded value of one header field in a raw BODY[HEADER.FIELDS (name)] answer ('' without it). Pure. */
function fieldValue(raw: Buffer | undefined, name: 'from' | 'subject'): string {
  const text = raw?.toString('utf8', 0, FIELD_MAX_BYTES) ?? '';
  const value = libmime.decodeHeaders(text)[name]?.[0];
  return typeof value === 'string' ? value : '';
}

/** The sender sort value of a raw `From:` field, as displayFrom of the envelope's first sender would give. Pure. */
export function fromSortValue(raw: Buffer | undefined): string {
  const first = addressparser(fieldValue(raw, 'from'), { flatten: true })[0];
  return displayFrom({ name: decodeHeaderWords(first?.name ?? ''), address: first?.address ?? '' });
}

/** The subject sort value of a raw `Subject:` field (its base subject). Pure. */
export const subjectSortValue = (raw: Buffer | undefined): string =>
  baseSubject(decodeHeaderWords(fieldValue(raw, 'subject')));
