/**
 * Checkbox selection with shift-click ranges (like Gmail): a plain click toggles one row and becomes
 * the anchor; a shift-click sets every row between the anchor and the target to the target's new state. Rows are
 * UIDs of one folder, or message keys (path + UID) where they span folders.
 */
export function toggleSelection<T extends number | string>(
  order: readonly T[],
  selected: readonly T[],
  target: T,
  anchor: T | null,
  range: boolean,
): T[] {
  const next = new Set(selected);
  const on = !next.has(target);
  const from = anchor === null ? -1 : order.indexOf(anchor);
  const to = order.indexOf(target);
  if (range && from !== -1 && to !== -1) {
    const [start, end] = from < to ? [from, to] : [to, from];
    for (const id of order.slice(start, end + 1)) {
      if (on) next.add(id);
      else next.delete(id);
    }
  } else if (on) next.add(target);
  else next.delete(target);
  return order.filter((id) => next.has(id)).concat([...next].filter((id) => !order.includes(id)));
}
