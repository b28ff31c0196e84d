/**
 * Which body URL each of a fixed number of reader frames holds. A frame keeps its URL for as long as that
 * URL is still wanted, so a message rendered ahead of time is shown by unhiding its frame: moving or
 * re-creating an iframe would load its document again (~48 ms to first paint even from memory).
 *
 * `keep`: the URLs that are wanted (the open message and what is read ahead); `add`: the URLs to load, most
 * wanted first. They go to empty frames first, then to frames holding a URL no longer kept. A frame nobody
 * needs keeps its old document (removing an iframe costs the main thread more than navigating it later, and
 * the message may come back); what does not fit is left out.
 */
export function assignFrames(
  frames: readonly (string | null)[],
  keep: ReadonlySet<string>,
  add: readonly string[],
): (string | null)[] {
  const next = [...frames];
  const held = new Set(next.filter((url) => url !== null && keep.has(url)));
  const free = [
    ...next.flatMap((url, i) => (url === null ? [i] : [])),
    ...next.flatMap((url, i) => (url !== null && !keep.has(url) ? [i] : [])),
  ];
  for (const url of add) {
    if (held.has(url)) continue;
    const slot = free.shift();
    if (slot === undefined) break;
    next[slot] = url;
    held.add(url);
  }
  return next;
}

/** The messages next to `uid` in a list shown newest first: the next (older) one first, then the previous. */
export function neighboursOf(uids: readonly number[], uid: number): number[] {
  const at = uids.indexOf(uid);
  if (at === -1) return [];
  return [uids[at + 1], uids[at - 1]].filter((u): u is number => u !== undefined);
}
