import type { ConversationMessage, ConversationPage, ConversationSummary } from '@pigeon/shared';
import { threadInput } from '../imap/conversation-threads.ts';
import {
  CONVERSATION_MESSAGES_MAX,
  conversationsAfter,
  PARTICIPANT_SOURCES,
  participantsOf,
} from '../imap/conversations.ts';
import { threadMessages } from '../list/threading.ts';
import type { LocalRow } from './local-views.repository.ts';

// Conversations of a local folder (decision 035): the same RFC 5256 REFERENCES partition as a server without
// THREAD (threading.ts), over the header blocks stored at download.

type Headers = { uid: number; headers: Buffer; date: Date };

/** Every conversation of a folder, the one with the newest message first; each one's UIDs ascending. Pure. */
export function localThreads(messages: readonly Headers[]): number[][] {
  return threadMessages(messages.map((m) => threadInput(m.uid, m.headers, m.date)))
    .filter((t) => t.length > 0)
    .sort((a, b) => b.at(-1)! - a.at(-1)!);
}

/** One page of conversations from the folder's threads and rows (unread, starred, senders from the rows). Pure. */
export function localConversationPage(deps: {
  threads: readonly number[][];
  rows: readonly LocalRow[];
  before: number | undefined;
  limit: number;
  folder: { unread: number; uidValidity: number };
}): ConversationPage {
  const byUid = new Map(deps.rows.map((r) => [r.uid, r.summary]));
  const { page, next } = conversationsAfter(deps.threads, deps.before, deps.limit);
  const conversations: ConversationSummary[] = [];
  for (const uids of page) {
    const latest = byUid.get(uids.at(-1)!);
    if (!latest) continue;
    const rows = uids.map((u) => byUid.get(u)).filter((r) => r !== undefined);
    conversations.push({
      id: uids[0]!,
      count: uids.length,
      unread: rows.filter((r) => !r.flags.seen).length,
      flagged: rows.some((r) => r.flags.flagged),
      participants: participantsOf(uids.slice(-PARTICIPANT_SOURCES).map((u) => byUid.get(u)?.from)),
      latest,
    });
  }
  return {
    conversations,
    total: deps.threads.length,
    unread: deps.folder.unread,
    uidValidity: String(deps.folder.uidValidity),
    nextBefore: next,
  };
}

/** The ids of a conversation's messages and the ids they answer (to find the user's replies in Sent). Pure. */
export function conversationIds(messages: readonly Headers[]): { ids: Set<string>; answered: Set<string> } {
  const ids = new Set<string>();
  const answered = new Set<string>();
  for (const m of messages) {
    const input = threadInput(m.uid, m.headers, m.date);
    if (input.messageId) ids.add(input.messageId);
    for (const ref of input.references) answered.add(ref);
  }
  return { ids, answered };
}

/** UIDs of Sent messages that answer one of `ids` or that a message of the conversation answered. Pure. */
export function repliesAmong(sent: readonly Headers[], ids: ReadonlySet<string>, answered: ReadonlySet<string>) {
  return sent
    .filter((m) => {
      const input = threadInput(m.uid, m.headers, m.date);
      return (input.messageId !== null && answered.has(input.messageId)) || input.references.some((r) => ids.has(r));
    })
    .map((m) => m.uid)
    .slice(-CONVERSATION_MESSAGES_MAX);
}

/** Rows of `uids` with their folder, in the order given. Pure. */
export const withPath = (rows: readonly LocalRow[], uids: readonly number[], path: string): ConversationMessage[] => {
  const byUid = new Map(rows.map((r) => [r.uid, r.summary]));
  return uids.flatMap((u) => {
    const s = byUid.get(u);
    return s ? [{ ...s, path }] : [];
  });
};
