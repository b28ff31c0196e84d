/** One message of the maildrop as UIDL names it: its number in this session and its unique id. */
export interface UidlEntry {
  n: number;
  uidl: string;
}

export interface Listing<T> {
  entries: T[];
  /** lines that were not well-formed (or repeated a number or id), dropped */
  skipped: number;
  /** more entries than the bound: the rest are left for a later check */
  truncated: boolean;
}

// RFC 1939 §7: 1 to 70 characters in 0x21..0x7E
const UIDL_CHARS = /^[\x21-\x7e]{1,70}$/;
const NUMBER = /^[1-9]\d{0,8}$/;

function lines(body: Buffer): string[] {
  return body
    .toString('latin1')
    .split('\r\n')
    .filter((l) => l.length > 0);
}

/** Parses a UIDL listing; a number or id seen twice is dropped both times after the first. */
export function parseUidlListing(body: Buffer, maxEntries: number): Listing<UidlEntry> {
  const entries: UidlEntry[] = [];
  const numbers = new Set<number>();
  const ids = new Set<string>();
  let skipped = 0;
  let truncated = false;
  for (const line of lines(body)) {
    const [num, uidl, extra] = line.split(' ');
    if (!num || !uidl || extra !== undefined || !NUMBER.test(num) || !UIDL_CHARS.test(uidl)) {
      skipped++;
      continue;
    }
    const n = Number(num);
    if (numbers.has(n) || ids.has(uidl)) {
      skipped++;
      continue;
    }
    if (entries.length >= maxEntries) {
      truncated = true;
      break;
    }
    numbers.add(n);
    ids.add(uidl);
    entries.push({ n, uidl });
  }
  return { entries, skipped, truncated };
}

/** Parses a LIST listing (message number → size in octets). */
export function parseSizeListing(body: Buffer, maxEntries: number): Listing<{ n: number; size: number }> {
  const entries: { n: number; size: number }[] = [];
  const seen = new Set<number>();
  let skipped = 0;
  let truncated = false;
  for (const line of lines(body)) {
    const [num, size] = line.split(' ');
    if (!num || !size || !NUMBER.test(num) || !/^\d{1,12}$/.test(size) || seen.has(Number(num))) {
      skipped++;
      continue;
    }
    if (entries.length >= maxEntries) {
      truncated = true;
      break;
    }
    seen.add(Number(num));
    entries.push({ n: Number(num), size: Number(size) });
  }
  return { entries, skipped, truncated };
}

/** `+OK 12 34567` → { count, size }; null when the server answered something else. */
export function parseStat(status: string): { count: number; size: number } | null {
  const m = /^(\d{1,9}) (\d{1,15})(?: |$)/.exec(status);
  return m ? { count: Number(m[1]), size: Number(m[2]) } : null;
}

/** CAPA answer → upper-cased capability names (`UIDL`, `TOP`, `STLS`, `SASL`, ...). */
export function parseCapabilities(body: Buffer): Set<string> {
  const caps = new Set<string>();
  for (const line of lines(body).slice(0, 100)) {
    const name = line.split(' ')[0]!.toUpperCase();
    if (/^[A-Z0-9-]{1,40}$/.test(name)) caps.add(name);
  }
  return caps;
}
