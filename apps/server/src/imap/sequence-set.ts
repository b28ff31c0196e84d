/** Compresses UIDs into an IMAP sequence set ("1:5,7,9:12"), sorted and deduplicated, so 5,000 UIDs stay a short command. */
export function toSequenceSet(ids: readonly number[]): string {
  const sorted = [...new Set(ids.filter((n) => Number.isInteger(n) && n > 0))].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length;) {
    const start = sorted[i] as number;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1] === end + 1) end = sorted[++i] as number;
    ranges.push(start === end ? String(start) : `${start}:${end}`);
    i++;
  }
  return ranges.join(',');
}
