import type { MessageSummary } from '@pigeon/shared';
import { baseSubject, displayFrom, orderByKeys } from '../list/list-order.ts';
import type { ListView } from '../list/list-view.ts';
import type { LocalRow } from './local-views.repository.ts';

// A list view over Pigeon's own store (decision 035): the same meaning as the IMAP keys of list-view.ts, read from
// the list rows kept at download (decoded header words) and, for words, the stored bytes (textHits).

const norm = (s: string) => s.normalize('NFC').toLowerCase();
const has = (haystack: string, needle: string) => norm(haystack).includes(norm(needle));
const addressText = (a: { name: string; address: string } | null | undefined) => (a ? `${a.name} ${a.address}` : '');

/** The decoded header text of a row a word may match (From, To, Subject) and its preview. Pure. */
export function rowText(s: MessageSummary): string {
  return [addressText(s.from), ...s.to.map(addressText), s.subject, s.preview].join('\n');
}

const DAY = 86_400_000;

/**
 * Whether a row is in the view. `words` holds, per search word (`view.terms`, then `view.body`), the UIDs whose
 * stored bytes hold it; a word also matches the row's decoded headers and preview. Pure.
 */
export function inView(row: LocalRow, view: ListView, words: ReadonlyMap<string, ReadonlySet<number>>): boolean {
  const s = row.summary;
  if (view.unread && s.flags.seen) return false;
  if (view.flagged && !s.flags.flagged) return false;
  if (view.attachments && !s.hasAttachments) return false;
  if (view.from && !has(addressText(s.from), view.from)) return false;
  if (view.to && !has(s.to.map(addressText).join('\n'), view.to)) return false;
  if (view.subject && !has(s.subject, view.subject)) return false;
  // SENTSINCE / SENTBEFORE: whole days of the Date header
  if (view.since && row.date.getTime() < view.since.getTime()) return false;
  if (view.until && row.date.getTime() >= view.until.getTime() + DAY) return false;
  const text = view.terms.length ? rowText(s) : '';
  for (const term of view.terms) if (!words.get(term)?.has(row.uid) && !has(text, term)) return false;
  if (view.body && !words.get(`body:${view.body}`)?.has(row.uid) && !has(s.preview, view.body)) return false;
  return true;
}

/** The search words to look for in the stored bytes: key → (word, part). Pure. */
export function wordsOf(view: ListView): { key: string; word: string; part: 'text' | 'body' }[] {
  return [
    ...view.terms.map((word) => ({ key: word, word, part: 'text' as const })),
    ...(view.body ? [{ key: `body:${view.body}`, word: view.body, part: 'body' as const }] : []),
  ];
}

/** UIDs of the view in display order; `date` is arrival (UID) order as on IMAP, ties by UID ascending. Pure. */
export function localOrder(rows: readonly LocalRow[], view: ListView, words: ReadonlyMap<string, ReadonlySet<number>>) {
  const picked = rows.filter((r) => inView(r, view, words));
  const keys = picked.map((r) => ({
    uid: r.uid,
    value:
      view.sort === 'size'
        ? r.summary.size
        : view.sort === 'from'
          ? displayFrom(r.summary.from ?? undefined)
          : view.sort === 'subject'
            ? baseSubject(r.summary.subject)
            : r.uid,
  }));
  return orderByKeys(keys, view);
}

/** UIDs of the view newest Date first, ties newest arrival first (the all-folders order). Pure. */
export function localDateOrder(
  rows: readonly LocalRow[],
  view: ListView,
  words: ReadonlyMap<string, ReadonlySet<number>>,
): number[] {
  return rows
    .filter((r) => inView(r, view, words))
    .sort((a, b) => b.date.getTime() - a.date.getTime() || b.uid - a.uid)
    .map((r) => r.uid);
}
