import type { MessageSummary, UnifiedMessage } from '@pigeon/shared';
import { AppError } from '../../core/app-error.ts';

// The unified inbox (decision 034): each account's Inbox pages newest first on its own server; this module merges
// them by date and keeps, in the cursor, where each account continues, so paging is stable however they interleave.

/** Where each account's Inbox continues: the last UID shown (the next page is `before` it), or DONE. */
export type AccountAnchors = Record<string, number>;
export const DONE = 0;
/** More accounts than one user may have (ACCOUNTS_MAX_PER_USER is at most 50). */
const MAX_ACCOUNTS = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const invalidCursor = () =>
  new AppError(400, 'unified.invalid_cursor', 'This page of the unified inbox is no longer valid. Reload it.');

/** The cursor of `anchors`: base64url JSON. Pure. */
export const encodeAnchors = (anchors: AccountAnchors): string =>
  Buffer.from(JSON.stringify({ u: 1, a: anchors })).toString('base64url');

/** The anchors of a cursor (none: the first page); anything it did not write answers unified.invalid_cursor. Pure. */
export function decodeAnchors(cursor: string | undefined): AccountAnchors {
  if (!cursor) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidCursor();
  const { u, a } = parsed as { u?: unknown; a?: unknown };
  if (u !== 1 || typeof a !== 'object' || a === null || Array.isArray(a)) throw invalidCursor();
  const entries = Object.entries(a as Record<string, unknown>);
  if (entries.length > MAX_ACCOUNTS) throw invalidCursor();
  const anchors: AccountAnchors = Object.create(null) as AccountAnchors;
  for (const [accountId, uid] of entries) {
    if (!UUID.test(accountId)) throw invalidCursor();
    if (typeof uid !== 'number' || !Number.isInteger(uid) || uid < 0 || uid > 0xffffffff) throw invalidCursor();
    anchors[accountId] = uid;
  }
  return anchors;
}

/** One account's next Inbox rows in its own order (newest first), and whether more follow them. */
export interface AccountRows {
  accountId: string;
  rows: MessageSummary[];
  more: boolean;
}

const time = (row: MessageSummary) => Date.parse(row.date) || 0;

/**
 * The newest `limit` rows of all accounts: a k-way merge keeping each account's own order (between accounts the
 * newer date first, a tie to the earlier account in `accounts`), and the anchors after it (an account not reached
 * keeps its anchor, or starts from its top). Pure.
 */
export function mergeAccounts(
  accounts: readonly AccountRows[],
  anchors: AccountAnchors,
  limit: number,
): { messages: UnifiedMessage[]; anchors: AccountAnchors; more: boolean } {
  const next: AccountAnchors = { ...anchors };
  const at = accounts.map(() => 0);
  const messages: UnifiedMessage[] = [];
  while (messages.length < limit) {
    let best = -1;
    for (let i = 0; i < accounts.length; i++) {
      const row = accounts[i]!.rows[at[i]!];
      if (!row) continue;
      const current = best === -1 ? undefined : accounts[best]!.rows[at[best]!];
      if (!current || time(row) > time(current)) best = i;
    }
    if (best === -1) break;
    const a = accounts[best]!;
    const row = a.rows[at[best]!]!;
    at[best]! += 1;
    messages.push({ ...row, accountId: a.accountId });
    next[a.accountId] = row.uid;
  }
  let more = false;
  accounts.forEach((a, i) => {
    const left = at[i]! < a.rows.length || a.more;
    if (!left) next[a.accountId] = DONE;
    more ||= left;
  });
  return { messages, anchors: next, more };
}
