/** Computed folder sizes (servers without STATUS=SIZE), valid while the folder's state stamp is unchanged. */
export class FolderSizeCache {
  private readonly entries = new Map<string, { stamp: string; bytes: number }>();

  /** At most `maxEntries` folders (about 200 bytes each), the oldest forgotten first. */
  constructor(private readonly maxEntries = 20_000) {}

  get(owner: string, path: string, stamp: string): number | undefined {
    const hit = this.entries.get(`${owner}\0${path}`);
    return hit && hit.stamp === stamp ? hit.bytes : undefined;
  }

  set(owner: string, path: string, stamp: string, bytes: number): void {
    const key = `${owner}\0${path}`;
    this.entries.delete(key);
    this.entries.set(key, { stamp, bytes });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }
}
