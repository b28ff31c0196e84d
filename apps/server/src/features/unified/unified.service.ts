import type { AccountCount, UnifiedPage } from '@pigeon/shared';
import type { MailStore } from '../../mail/mail-store.ts';
import { DONE, decodeAnchors, encodeAnchors, mergeAccounts, type AccountRows } from './unified-merge.ts';

const INBOX = 'INBOX';

/** One account's store as the unified inbox needs it (the caller picks the session's accounts, the primary first). */
export type InboxSource = Pick<MailStore, 'accountId' | 'page'>;

/**
 * A page of every account's Inbox merged by date (decision 034): each account not done yet is asked for its next
 * `limit` rows after its anchor, in parallel; an account that fails is named in `unavailable` and keeps its anchor.
 */
export async function unifiedInbox(deps: {
  sources: InboxSource[];
  cursor: string | undefined;
  limit: number;
}): Promise<UnifiedPage> {
  const anchors = decodeAnchors(deps.cursor);
  const unavailable: string[] = [];
  const pages = await Promise.all(
    deps.sources
      .filter((s) => anchors[s.accountId] !== DONE)
      .map(async (s): Promise<AccountRows | null> => {
        try {
          const before = anchors[s.accountId];
          const page = await s.page(INBOX, { ...(before ? { before } : {}), limit: deps.limit });
          return { accountId: s.accountId, rows: page.messages, more: page.nextBefore !== null };
        } catch {
          unavailable.push(s.accountId);
          return null;
        }
      }),
  );
  const merged = mergeAccounts(
    pages.filter((p): p is AccountRows => p !== null),
    anchors,
    deps.limit,
  );
  return {
    messages: merged.messages,
    nextCursor: merged.more ? encodeAnchors(merged.anchors) : null,
    unavailable: deps.sources.map((s) => s.accountId).filter((id) => unavailable.includes(id)),
  };
}

/** Each account's Inbox unread count for the switcher (null: not reachable now), in the order of `sources`. */
export async function inboxCounts(sources: InboxSource[]): Promise<AccountCount[]> {
  return Promise.all(
    sources.map(async (s) => {
      try {
        return { accountId: s.accountId, unread: (await s.page(INBOX, { limit: 1 })).unread };
      } catch {
        return { accountId: s.accountId, unread: null };
      }
    }),
  );
}
