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

/** UIDs in the view's order; ties by UID ascending (as SORT breaks ties by sequence number). */
export function orderByKeys(keys: OrderKey[], view: Pick<ListView, 'order'>): number[] {
  const sign = view.order === 'desc' ? -1 : 1;
  const sorted = [...keys].sort((a, b) => {
    const c =
      typeof a.value === 'number' && typeof b.value === 'number'
        ? a.value - b.value
        : collator.compare(String(a.value), String(b.value));
    return c !== 0 ? sign * c : a.uid - b.uid;
  });
  return sorted.map((k) => k.uid);
}
