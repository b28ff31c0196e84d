import type { ImapFlow } from 'imapflow';
import {
  PAGE_SIZE,
  type ConversationMessage,
  type ConversationPage,
  type ConversationSummary,
  type MessageSummary,
} from '@pigeon/shared';
import { mailOperationFailed } from '../../imap/imap-errors.ts';
import { atom, uidSearch, type CommandToken } from '../../imap/search-sort.ts';
import { toSequenceSet } from '../../imap/sequence-set.ts';
import { conversationNotFound } from '../conversation.errors.ts';
import { folderThreads, THREAD_HEADERS, threadInput } from './conversation-threads.ts';
import type { ListOrderCache } from '../list/list-order-cache.ts';
import type { RowCache } from './row-cache.ts';
import { countUnseen } from './message-list.ts';
import { fetchRows } from './message-rows.ts';

/** Newest messages per conversation whose senders are named on its row. */
export const PARTICIPANT_SOURCES = 20;
const PARTICIPANTS_MAX = 4;
/** Most messages an open conversation shows from one folder (the newest ones). */
export const CONVERSATION_MESSAGES_MAX = 200;
/** Most ids of a conversation looked for in Sent (the newest messages' ids and the ids they answer). */
const SENT_IDS_MAX = 40;

interface Deps {
  client: ImapFlow;
  /** the selected mailbox (run under its lock) */
  path: string;
  cache?: ListOrderCache | undefined;
  owner?: string | undefined;
  /** rows already read (decision 048): the page's newest messages then need only their flags */
  rows?: RowCache | undefined;
}

/** Every conversation of the selected folder, newest first; cached per mailbox state like slow list orders. */
export async function conversationsOf({ client, path, cache, owner }: Deps): Promise<number[][]> {
  const box = client.mailbox;
  if (!box) throw mailOperationFailed();
  return cache && owner ? cache.threads(owner, box, path, () => folderThreads(client)) : folderThreads(client);
}

/** The conversations after `before` (the newest UID of the previous page's last one). Pure. */
export function conversationsAfter(
  threads: readonly number[][],
  before: number | undefined,
  limit: number,
): { page: number[][]; next: number | null } {
  const start = before === undefined ? 0 : threads.findIndex((t) => t.at(-1)! < before);
  if (start === -1) return { page: [], next: null };
  const page = threads.slice(start, start + limit);
  return { page, next: start + limit < threads.length ? (page.at(-1)?.at(-1) ?? null) : null };
}

/** Senders' names, oldest first, each once. Pure. */
export function participantsOf(senders: readonly (MessageSummary['from'] | undefined)[]): string[] {
  const names: string[] = [];
  for (const from of senders) {
    const name = (from?.name || from?.address || '').trim();
    if (name && !names.includes(name)) names.push(name);
    if (names.length >= PARTICIPANTS_MAX) break;
  }
  return names;
}

/**
 * One page of the selected folder's conversations. Per conversation: the newest message's row, unread and flagged
 * from the folder's UNSEEN / FLAGGED sets, senders of the newest few. Invariant: `path` is selected (run under the mailbox lock).
 */
export async function conversationPage(
  deps: Deps & { before?: number | undefined; limit?: number },
): Promise<ConversationPage> {
  const { client, path, before, limit = PAGE_SIZE } = deps;
  const box = client.mailbox;
  if (!box) throw mailOperationFailed();
  const threads = await conversationsOf(deps);
  const { page, next } = conversationsAfter(threads, before, limit);
  const latest = await fetchRows(
    client,
    page.map((t) => t.at(-1)!),
    deps.rows && deps.owner ? { rows: deps.rows, owner: deps.owner } : undefined,
  );
  const rowOf = new Map(latest.map((r) => [r.uid, r]));
  // unread and starred from two SEARCHes of the folder, not a FETCH of every message of the page: a
  // subject-grouped conversation of thousands makes a UID set longer than the server accepts (50k bench)
  const unseen = new Set(page.length ? await uidSearch(client, [atom('UNSEEN')]) : []);
  const flagged = new Set(page.length ? await uidSearch(client, [atom('FLAGGED')]) : []);
  const senders = new Map<number, MessageSummary['from']>();
  const named = page.flatMap((t) => t.slice(-PARTICIPANT_SOURCES));
  if (named.length) {
    for (const m of await client.fetchAll(toSequenceSet(named), { uid: true, envelope: true }, { uid: true })) {
      const from = m.envelope?.from?.[0];
      senders.set(m.uid, from ? { name: (from.name ?? '').trim(), address: (from.address ?? '').trim() } : null);
    }
  }
  const conversations: ConversationSummary[] = [];
  for (const uids of page) {
    const row = rowOf.get(uids.at(-1)!);
    if (!row) continue; // expunged between THREAD and FETCH: the next page read shows the rest
    conversations.push({
      id: uids[0]!,
      count: uids.length,
      unread: uids.filter((u) => unseen.has(u)).length,
      flagged: uids.some((u) => flagged.has(u)),
      participants: participantsOf(uids.slice(-PARTICIPANT_SOURCES).map((u) => senders.get(u))),
      latest: row,
    });
  }
  return {
    conversations,
    total: threads.length,
    unread: await countUnseen(client, path),
    uidValidity: String(box.uidValidity),
    nextBefore: next,
  };
}

/** The UIDs of conversation `id` (its oldest UID) in the selected folder; conversation.not_found when it is gone. */
export async function conversationUids(deps: Deps & { id: number }): Promise<number[]> {
  const thread = (await conversationsOf(deps)).find((t) => t.includes(deps.id));
  if (!thread) throw conversationNotFound();
  return thread;
}

/** Rows of an open conversation's messages in the selected folder, with their ids for finding replies elsewhere. */
export async function conversationRows(
  client: ImapFlow,
  path: string,
  uids: readonly number[],
): Promise<{ messages: ConversationMessage[]; ids: string[]; answered: string[] }> {
  const shown = uids.slice(-CONVERSATION_MESSAGES_MAX);
  const rows = await fetchRows(client, shown);
  const ids: string[] = [];
  const answered: string[] = [];
  const headers = await client.fetchAll(
    toSequenceSet([...shown]),
    { uid: true, headers: THREAD_HEADERS },
    { uid: true },
  );
  for (const m of headers.sort((a, b) => b.uid - a.uid)) {
    const input = threadInput(m.uid, m.headers, undefined);
    if (input.messageId) ids.push(input.messageId);
    answered.push(...input.references.slice(-5));
  }
  return { messages: rows.map((r) => ({ ...r, path })), ids: ids.slice(0, SENT_IDS_MAX), answered };
}

/** OR of HEADER keys: `OR OR HEADER a x HEADER b y HEADER c z`. */
function anyHeader(pairs: [string, string][]): CommandToken[] {
  const keys = pairs.map(([name, id]): CommandToken[] => [
    atom('HEADER'),
    { type: 'STRING', value: name },
    { type: 'STRING', value: id },
  ]);
  return keys.reduce<CommandToken[]>((acc, key, i) => (i === 0 ? key : [atom('OR'), ...acc, ...key]), []);
}

/**
 * The user's own messages of a conversation in the selected folder (Sent): those answering one of `ids`, and those
 * that later messages answered (`answered`). Invariant: the folder is selected and locked.
 */
export async function repliesIn(
  client: ImapFlow,
  path: string,
  ids: readonly string[],
  answered: readonly string[],
): Promise<ConversationMessage[]> {
  const pairs: [string, string][] = [
    ...ids.map((id): [string, string] => ['In-Reply-To', `<${id}>`]),
    ...[...new Set(answered)]
      .filter((id) => !ids.includes(id))
      .map((id): [string, string] => ['Message-ID', `<${id}>`]),
  ].slice(0, SENT_IDS_MAX);
  if (pairs.length === 0 || !client.mailbox || client.mailbox.exists === 0) return [];
  const uids = await uidSearch(client, anyHeader(pairs));
  const rows = await fetchRows(client, uids.slice(-CONVERSATION_MESSAGES_MAX));
  return rows.map((r) => ({ ...r, path }));
}

/** Messages of several folders as one conversation: oldest first by date, each message once. Pure. */
export function mergeConversation(lists: readonly ConversationMessage[][]): ConversationMessage[] {
  const seen = new Set<string>();
  const out: ConversationMessage[] = [];
  for (const m of lists.flat()) {
    const key = `${m.path}\n${m.uid}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(m);
    }
  }
  return out.sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || a.uid - b.uid);
}
