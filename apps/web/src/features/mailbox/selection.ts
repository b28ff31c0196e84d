/**
 * Checkbox selection with shift-click ranges (like Gmail): a plain click toggles one row and becomes
 * the anchor; a shift-click sets every row between the anchor and the target to the target's new state.
 */
export function toggleSelection(
  order: readonly number[],
  selected: readonly number[],
  target: number,
  anchor: number | null,
  range: boolean,
): number[] {
  const next = new Set(selected);
  const on = !next.has(target);
  const from = anchor === null ? -1 : order.indexOf(anchor);
  const to = order.indexOf(target);
  if (range && from !== -1 && to !== -1) {
    const [start, end] = from < to ? [from, to] : [to, from];
    for (const uid of order.slice(start, end + 1)) {
      if (on) next.add(uid);
      else next.delete(uid);
    }
  } else if (on) next.add(target);
  else next.delete(target);
  return order.filter((uid) => next.has(uid)).concat([...next].filter((uid) => !order.includes(uid)));
}
