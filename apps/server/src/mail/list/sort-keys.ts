import type { SortField } from '../../imap/fetch-fields.ts';

/** Bytes of sort values kept at most (every account together): about 250,000 messages' values. */
const MAX_BYTES = 16 * 1024 * 1024;
// one UID's entry in a Map (key, value, hash slot), roughly; a distinct text costs its UTF-16 bytes once
const UID_BYTES = 64;
const textBytes = (text: string): number => text.length * 2 + 32;

/** Where sort values are valid: a UID's size, From and Subject never change under its mailbox's UIDVALIDITY. */
export interface SortKeyScope {
  owner: string;
  path: string;
  uidValidity: string;
  field: SortField;
}

/** One folder's sort values of one field: a number (size) or the index of a distinct text (sender, subject). */
export class FolderSortKeys {
  private readonly byUid = new Map<number, number>();
  private readonly texts: string[] = [];
  private readonly textIndex = new Map<string, number>();
  private textBytes = 0;

  constructor(readonly numeric: boolean) {}

  has(uid: number): boolean {
    return this.byUid.has(uid);
  }

  /** The value kept for `uid` (undefined when none is). */
  value(uid: number): number | string | undefined {
    const v = this.byUid.get(uid);
    if (v === undefined || this.numeric) return v;
    return this.texts[v];
  }

  set(uid: number, value: number | string): void {
    if (typeof value === 'number') {
      this.byUid.set(uid, value);
      return;
    }
    let at = this.textIndex.get(value);
    if (at === undefined) {
      at = this.texts.push(value) - 1;
      this.textIndex.set(value, at);
      this.textBytes += textBytes(value);
    }
    this.byUid.set(uid, at);
  }

  /** Drops the values of UIDs no longer in the folder (`present` is every UID it holds now). */
  keepOnly(present: readonly number[]): number {
    if (present.length === this.byUid.size) return 0;
    const keep = new Set(present);
    let dropped = 0;
    for (const uid of this.byUid.keys())
      if (!keep.has(uid)) {
        this.byUid.delete(uid);
        dropped++;
      }
    return dropped;
  }

  get count(): number {
    return this.byUid.size;
  }

  get bytes(): number {
    return this.byUid.size * UID_BYTES + this.textBytes;
  }
}

/**
 * Sort values of recent folders, kept across mailbox states so a sort without the server's SORT fetches only the
 * messages it has not seen (new mail) and forgets expunged ones: only a folder's first sort reads every message
 * (decision 048 part 2). Bounded in bytes, least recently used folder out first.
 */
export class SortKeyCache {
  private readonly folders = new Map<string, FolderSortKeys>();

  constructor(private readonly maxBytes = MAX_BYTES) {}

  private static key(s: SortKeyScope): string {
    return JSON.stringify([s.owner, s.path, s.uidValidity, s.field]);
  }

  /** The folder's kept values for the scope (a new, empty one the first time); it is now the most recently used. */
  folder(scope: SortKeyScope): FolderSortKeys {
    const key = SortKeyCache.key(scope);
    const kept = this.folders.get(key) ?? new FolderSortKeys(scope.field === 'size');
    this.folders.delete(key);
    this.folders.set(key, kept);
    return kept;
  }

  /** Call after values were added: folders leave, least recently used first, until the bound holds. */
  trim(): void {
    let total = 0;
    for (const f of this.folders.values()) total += f.bytes;
    for (const [key, f] of this.folders) {
      if (total <= this.maxBytes) break;
      this.folders.delete(key);
      total -= f.bytes;
    }
  }

  /** Bytes held now (for tests and metrics). */
  get size(): number {
    let total = 0;
    for (const f of this.folders.values()) total += f.bytes;
    return total;
  }

  clear(): void {
    this.folders.clear();
  }
}
