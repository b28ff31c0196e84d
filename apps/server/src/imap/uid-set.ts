/**
 * Expands an IMAP sequence set a server sent ("1:3,7,12:10") into numbers, in the order written (ESORT keeps the
 * sort order, so "12:10" runs downwards). A server controls it: at most `max` numbers come out, junk is skipped.
 */
export function expandUidSet(set: string, max: number): number[] {
  const out: number[] = [];
  for (const part of set.split(',')) {
    const m = /^(\d{1,10})(?::(\d{1,10}))?$/.exec(part.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (a < 1 || b < 1) continue;
    const step = a <= b ? 1 : -1;
    for (let n = a; ; n += step) {
      if (out.length >= max) return out;
      out.push(n);
      if (n === b) break;
    }
  }
  return out;
}
