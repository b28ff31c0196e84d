/** UIDs are unique only inside one folder, so every id carries the path. */
export const messageKey = (path: string, uid: number): string => `${path}\n${uid}`;

/** The path and UID of a message key. Pure. */
export function keyParts(key: string): { path: string; uid: number } {
  const at = key.lastIndexOf('\n');
  return { path: key.slice(0, at), uid: Number(key.slice(at + 1)) };
}

/** Message keys grouped by folder, one request per folder: folders in first-seen order, UIDs in the keys' order. Pure. */
export function byFolder(keys: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const key of keys) {
    const { path, uid } = keyParts(key);
    const uids = groups.get(path);
    if (uids) uids.push(uid);
    else groups.set(path, [uid]);
  }
  return groups;
}
