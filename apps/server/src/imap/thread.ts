import type { ImapFlow } from 'imapflow';
import { atom, maxResults, run, type CommandToken, type Untagged } from './search-sort.ts';

/** True when the server threads by references (RFC 5256 `THREAD=REFERENCES`). */
export const canThread = (client: ImapFlow): boolean => client.capabilities.has('THREAD=REFERENCES');

type Node = { type?: string; value?: unknown } | unknown[];

/**
 * The UIDs of each thread of a THREAD answer (`(1 2 (3)(4))(5)`): one list per top-level parenthesis, ascending, at
 * most `max` UIDs in all and nesting read to a bounded depth (a hostile server cannot make it recurse forever). Pure.
 */
export function threadsOfAnswer(attributes: readonly Node[] | undefined, max: number): number[][] {
  let count = 0;
  const collect = (node: Node, out: number[], depth: number) => {
    if (count >= max || depth > 1000) return;
    if (Array.isArray(node)) {
      for (const child of node as Node[]) collect(child, out, depth + 1);
      return;
    }
    const n = Number(node.value);
    if (Number.isSafeInteger(n) && n > 0) {
      out.push(n);
      count++;
    }
  };
  const threads: number[][] = [];
  for (const top of attributes ?? []) {
    const uids: number[] = [];
    collect(top, uids, 0);
    if (uids.length) threads.push([...new Set(uids)].sort((a, b) => a - b));
  }
  return threads;
}

/**
 * The threads of the selected mailbox's messages matching `keys`, by the server (`UID THREAD REFERENCES UTF-8 …`):
 * each thread's UIDs ascending. Throws ServerRefused on NO/BAD.
 * Invariant: the mailbox is selected and locked, and the server offers THREAD=REFERENCES.
 */
export async function uidThread(client: ImapFlow, keys: CommandToken[] = [atom('ALL')]): Promise<number[][]> {
  const max = maxResults(client);
  const threads: number[][] = [];
  const collect = async (u: Untagged) => {
    threads.push(...threadsOfAnswer(u.attributes as Node[] | undefined, max));
  };
  await run(client, 'UID THREAD', [atom('REFERENCES'), atom('UTF-8'), ...keys], { THREAD: collect });
  return threads;
}
