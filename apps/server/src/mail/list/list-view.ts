import { SEARCH_TERMS_MAX, SEARCH_TEXT_MAX, type ListViewQuery, type SortKey, type SortOrder } from '@pigeon/shared';
import type { CommandToken } from '../../imap/search-sort.ts';
import { anchorGone, invalidDate, searchTooLong } from '../list-view.errors.ts';

/** A list's definition besides its folder, normalized: what the server searches and sorts by. */
export interface ListView {
  sort: SortKey;
  order: SortOrder;
  unread: boolean;
  flagged: boolean;
  attachments: boolean;
  /** words of the "everything" box; each must match */
  terms: string[];
  from: string;
  to: string;
  subject: string;
  body: string;
  /** first day included (UTC midnight) */
  since: Date | null;
  /** last day included (UTC midnight) */
  until: Date | null;
}

// eslint-disable-next-line no-control-regex -- control characters are removed from search text on purpose
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Search text as the server gets it: NFC, no control characters, single spaces; too long is refused, not cut. */
export function cleanText(value: string | undefined, field: string): string {
  const text = (value ?? '').normalize('NFC').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
  if ([...text].length > SEARCH_TEXT_MAX) throw searchTooLong(field, SEARCH_TEXT_MAX);
  return text;
}

/** Words of the "everything" box: quoted "exact phrases" stay together; at most SEARCH_TERMS_MAX, duplicates once. */
export function splitTerms(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.matchAll(/"([^"]*)"|(\S+)/g)) {
    const term = (match[1] ?? match[2] ?? '').trim();
    if (term && !terms.includes(term)) terms.push(term);
  }
  return terms.slice(0, SEARCH_TERMS_MAX);
}

/** YYYY-MM-DD as UTC midnight; anything else answers search.invalid_date. */
export function parseDay(value: string | undefined, field: string): Date | null {
  const text = (value ?? '').trim();
  if (!text) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== text || date.getUTCFullYear() < 1970) throw invalidDate(field);
  return date;
}

/** Checks and normalizes the view fields of a list request. */
export function parseListView(q: ListViewQuery): ListView {
  const since = parseDay(q.since, 'since');
  const until = parseDay(q.until, 'until');
  if (since && until && since > until) throw invalidDate('until');
  const sort = q.sort ?? 'date';
  return {
    sort,
    order: q.order ?? (sort === 'date' || sort === 'size' ? 'desc' : 'asc'),
    unread: q.unread === true,
    flagged: q.flagged === true,
    attachments: q.attachments === true,
    terms: splitTerms(cleanText(q.q, 'q')),
    from: cleanText(q.from, 'from'),
    to: cleanText(q.to, 'to'),
    subject: cleanText(q.subject, 'subject'),
    body: cleanText(q.body, 'body'),
    since,
    until,
  };
}

/** True when the view selects messages (search or quick filter) rather than showing the whole folder. */
export const hasCriteria = (v: ListView): boolean =>
  v.unread ||
  v.flagged ||
  v.attachments ||
  v.terms.length > 0 ||
  !!(v.from || v.to || v.subject || v.body) ||
  v.since !== null ||
  v.until !== null;

/** True when the server must read message text (slow without a full-text index): show progress, allow cancel. */
export const readsText = (v: ListView): boolean => v.terms.length > 0 || v.body !== '';

/** The folder itself, newest first: paged by UID arithmetic alone, no SEARCH or SORT needed. */
export const isPlainFolder = (v: ListView): boolean => !hasCriteria(v) && v.sort === 'date' && v.order === 'desc';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** IMAP date (RFC 3501 date-text: 1-Feb-2024). */
export const imapDate = (d: Date): string => `${d.getUTCDate()}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()}`;

const atom = (value: string): CommandToken => ({ type: 'ATOM', value });
// a quoted string may carry only 7-bit text (RFC 3501 §9): anything else goes as a literal under CHARSET UTF-8
const text = (value: string): CommandToken =>
  /^[\x20-\x7e]*$/.test(value) ? { type: 'STRING', value } : { type: 'LITERAL', value: Buffer.from(value, 'utf8') };

/** IMAP search keys of a view (all ANDed; dates are the Date header's, as the list shows them); `ALL` when empty. */
export function searchKeys(v: ListView): CommandToken[] {
  const keys: CommandToken[] = [];
  for (const term of v.terms) keys.push(atom('TEXT'), text(term));
  if (v.from) keys.push(atom('FROM'), text(v.from));
  if (v.to) keys.push(atom('TO'), text(v.to));
  if (v.subject) keys.push(atom('SUBJECT'), text(v.subject));
  if (v.body) keys.push(atom('BODY'), text(v.body));
  if (v.since) keys.push(atom('SENTSINCE'), atom(imapDate(v.since)));
  if (v.until) keys.push(atom('SENTBEFORE'), atom(imapDate(new Date(v.until.getTime() + 86_400_000))));
  if (v.unread) keys.push(atom('UNSEEN'));
  if (v.flagged) keys.push(atom('FLAGGED'));
  // IMAP has no "has attachment" key: a multipart/mixed top level is what mail clients send attachments as
  if (v.attachments) keys.push(atom('HEADER'), text('Content-Type'), text('multipart/mixed'));
  return keys.length ? keys : [atom('ALL')];
}

/** RFC 5256 sort criteria of a view (`date` is arrival order); DISPLAYFROM when the server has SORT=DISPLAY. */
export function sortCriteria(v: ListView, display: boolean): string[] {
  const key = { date: 'ARRIVAL', from: display ? 'DISPLAYFROM' : 'FROM', subject: 'SUBJECT', size: 'SIZE' }[v.sort];
  return v.order === 'desc' ? ['REVERSE', key] : [key];
}

/** The page after `before` in `order` (the whole list's UIDs in display order); null `next` at the end. */
export function pageAfter(
  order: readonly number[],
  before: number | undefined,
  limit: number,
): { uids: number[]; next: number | null } {
  let start = 0;
  if (before !== undefined) {
    const at = order.indexOf(before);
    if (at === -1) throw anchorGone();
    start = at + 1;
  }
  const uids = order.slice(start, start + limit);
  const last = uids.at(-1);
  return { uids, next: start + limit < order.length && last !== undefined ? last : null };
}
