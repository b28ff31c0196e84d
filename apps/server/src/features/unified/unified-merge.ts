import type { MessageSummary, UnifiedMessage } from '@pigeon/shared';
import { AppError } from '../../core/app-error.ts';
import {
  decodeAnchors as decode,
  encodeAnchors as encode,
  mergeNewestFirst,
  type CursorSpec,
} from '../../core/anchored-merge.ts';

// The unified inbox (decision 034): each account's Inbox pages newest first on its own server; the shared anchored
// merge orders them by date and keeps, in the cursor, where each account continues.

export { DONE } from '../../core/anchored-merge.ts';

/** Where each account's Inbox continues: the last UID shown (the next page is `before` it), or DONE. */
export type AccountAnchors = Record<string, number>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const invalidCursor = () =>
  new AppError(400, 'unified.invalid_cursor', 'This page of the unified inbox is no longer valid. Reload it.');

/** More accounts than one user may have (ACCOUNTS_MAX_PER_USER is at most 50); each named by its id. */
const CURSOR: CursorSpec = { tag: 'u', maxSources: 50, validSource: (id) => UUID.test(id), invalid: invalidCursor };

/** The cursor of `anchors`: base64url JSON. Pure. */
export const encodeAnchors = (anchors: AccountAnchors): string => encode(CURSOR, anchors);

/** The anchors of a cursor (none: the first page); anything it did not write answers unified.invalid_cursor. Pure. */
export const decodeAnchors = (cursor: string | undefined): AccountAnchors => decode(CURSOR, cursor);

/** One account's next Inbox rows in its own order (newest first), and whether more follow them. */
export interface AccountRows {
  accountId: string;
  rows: MessageSummary[];
  more: boolean;
}

/** The newest `limit` rows of all accounts (a tie to the earlier account in `accounts`), and the anchors after. */
export function mergeAccounts(
  accounts: readonly AccountRows[],
  anchors: AccountAnchors,
  limit: number,
): { messages: UnifiedMessage[]; anchors: AccountAnchors; more: boolean } {
  const merged = mergeNewestFirst(
    accounts.map((a) => ({ source: a.accountId, rows: a.rows, more: a.more })),
    anchors,
    limit,
  );
  return {
    messages: merged.picked.map(({ row, source }) => ({ ...row, accountId: source })),
    anchors: merged.anchors,
    more: merged.more,
  };
}
