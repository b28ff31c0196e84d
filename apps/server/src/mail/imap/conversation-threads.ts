import type { ImapFlow } from 'imapflow';
import libmime from 'libmime';
import { ServerRefused } from '../../imap/search-sort.ts';
import { canThread, uidThread } from '../../imap/thread.ts';
import { decodeHeaderWords } from '../mime/header-words.ts';
import { conversationFailed } from '../conversation.errors.ts';
import { messageIds, threadMessages, type ThreadInput } from '../list/threading.ts';

/** The headers threading reads, fetched as raw header fields (cheaper than the ENVELOPE of every message). */
export const THREAD_HEADERS = ['message-id', 'in-reply-to', 'references', 'subject', 'date'];
const HEADER_MAX = 16_384;

const first = (headers: Record<string, unknown[]>, name: string): string => {
  const value = headers[name]?.[0];
  return typeof value === 'string' ? value : '';
};

/** What threading needs of one message, from its raw header fields (bounded). Pure. */
export function threadInput(uid: number, raw: Buffer | undefined, arrival: Date | undefined): ThreadInput {
  const headers = libmime.decodeHeaders((raw ?? Buffer.alloc(0)).toString('latin1', 0, HEADER_MAX)) as Record<
    string,
    unknown[]
  >;
  const references = messageIds(first(headers, 'references'));
  const date = Date.parse(first(headers, 'date'));
  return {
    uid,
    messageId: messageIds(first(headers, 'message-id'), 1)[0] ?? null,
    references: references.length ? references : messageIds(first(headers, 'in-reply-to')).slice(-1),
    subject: decodeHeaderWords(first(headers, 'subject')),
    date: Number.isFinite(date) ? date : (arrival?.getTime() ?? 0),
  };
}

/**
 * Threads of the selected mailbox computed here, for servers without THREAD=REFERENCES: one FETCH of the threading
 * headers of every message, then RFC 5256's partition (threading.ts).
 */
export async function threadsHere(client: ImapFlow): Promise<number[][]> {
  if (!client.mailbox || client.mailbox.exists === 0) return [];
  const rows = await client.fetchAll('1:*', { uid: true, internalDate: true, headers: THREAD_HEADERS });
  return threadMessages(
    rows.map((m) => threadInput(m.uid, m.headers, m.internalDate instanceof Date ? m.internalDate : undefined)),
  );
}

/**
 * Every conversation of the selected mailbox, the one with the newest message (highest UID) first; each one's UIDs
 * ascending. The server threads when it offers THREAD=REFERENCES, else threadsHere.
 * Invariant: the mailbox is selected and locked.
 */
export async function folderThreads(client: ImapFlow): Promise<number[][]> {
  let threads: number[][];
  try {
    threads = canThread(client) ? await uidThread(client) : await threadsHere(client);
  } catch (err) {
    if (err instanceof ServerRefused) throw conversationFailed();
    throw err;
  }
  return threads.filter((t) => t.length > 0).sort((a, b) => b.at(-1)! - a.at(-1)!);
}
