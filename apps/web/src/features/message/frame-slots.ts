/**
 * Which body URL each of a fixed number of reader frames holds. A frame keeps its URL for as long as that
 * URL is still wanted, so a message rendered ahead of time is shown by unhiding its frame: moving or
 * re-creating an iframe would load its document again (~48 ms to first paint even from memory).
 *
 * `keep`: the URLs that may stay (the open message and its neighbours); `add`: the URLs to load, most
 * wanted first. Frames holding anything else are free for `add`; what does not fit is left out.
 */
export function assignFrames(
  frames: readonly (string | null)[],
  keep: ReadonlySet<string>,
  add: readonly string[],
): (string | null)[] {
  const next = frames.map((url) => (url !== null && keep.has(url) ? url : null));
  const held = new Set(next);
  for (const url of add) {
    if (held.has(url)) continue;
    const free = next.indexOf(null);
    if (free === -1) break;
    next[free] = url;
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
