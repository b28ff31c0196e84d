// Messages found by a header value (a draft's id, a Message-ID) in the selected mailbox. No HTTP, no features.
import type { ImapFlow } from 'imapflow';
import { toSequenceSet } from './sequence-set.ts';

/** UIDs in the selected mailbox whose header `header` contains `value`. */
export async function searchHeader(client: ImapFlow, header: string, value: string): Promise<number[]> {
  const found = await client.search({ header: { [header]: value } }, { uid: true });
  return found || [];
}

/**
 * APPENDs `raw` to `path` (selected), then deletes every other message whose `header` is `value`: a crash in between
 * leaves two copies, never none. Returns the new copy's UID (null without UIDPLUS, and then nothing is deleted: the
 * copies cannot be told apart).
 */
export async function replaceByHeader(
  client: ImapFlow,
  opts: { path: string; raw: Buffer; flags: string[]; header: string; value: string },
): Promise<number | null> {
  const appended = await client.append(opts.path, opts.raw, opts.flags);
  const uid = appended && appended.uid ? appended.uid : null;
  const older = (await searchHeader(client, opts.header, opts.value)).filter((u) => u !== uid);
  if (uid !== null && older.length) await client.messageDelete(toSequenceSet(older), { uid: true });
  return uid;
}

/** Deletes every message of the selected mailbox whose `header` is `value`; how many there were. */
export async function deleteByHeader(client: ImapFlow, header: string, value: string): Promise<number> {
  const found = await searchHeader(client, header, value);
  if (found.length) await client.messageDelete(toSequenceSet(found), { uid: true });
  return found.length;
}

/** The size of message `uid` of the selected mailbox, or null when there is no such message. */
export async function messageSize(client: ImapFlow, uid: number): Promise<number | null> {
  const msg = await client.fetchOne(String(uid), { size: true }, { uid: true });
  return msg && msg.uid === uid ? (msg.size ?? 0) : null;
}
