import type { ImapFlow } from 'imapflow';
import { expandUidSet } from './uid-set.ts';

/** A token of an IMAP command as imapflow's compiler writes it; an array is a parenthesized list. */
export type CommandToken =
  | { type: 'ATOM'; value: string }
  | { type: 'STRING'; value: string }
  | { type: 'LITERAL'; value: Buffer }
  | CommandToken[];

export interface Untagged {
  numbers?: number[];
  attributes?: ({ type?: string; value?: unknown } | unknown[])[];
}
type Exec = (
  command: string,
  attributes: CommandToken[],
  options?: { untagged?: Record<string, (u: Untagged) => Promise<void>> },
) => Promise<{ next: () => void }>;

/** imapflow's command runner (internal API, stable across 1.x–2.x): for SORT and a CHARSET-first SEARCH it has no method for. */
const execOf = (client: ImapFlow): Exec => {
  const exec = (client as unknown as { exec: Exec }).exec;
  return exec.bind(client);
};

export const atom = (value: string): CommandToken => ({ type: 'ATOM', value });
const CHARSET_UTF8 = [atom('CHARSET'), atom('UTF-8')];

/** A command the server refused (NO/BAD, e.g. BADCHARSET), as opposed to a broken connection. */
export class ServerRefused extends Error {
  constructor(readonly command: string) {
    super(`${command} refused`);
  }
}

const isRefusal = (err: unknown): boolean => {
  const e = err as { responseStatus?: string; code?: string } | null;
  return e?.responseStatus === 'NO' || e?.responseStatus === 'BAD';
};

/** Runs one command through imapflow, collecting untagged answers; NO/BAD becomes ServerRefused. */
export async function run(
  client: ImapFlow,
  command: string,
  args: CommandToken[],
  untagged: Record<string, (u: Untagged) => Promise<void>>,
) {
  try {
    const response = await execOf(client)(command, args, { untagged });
    response.next();
  } catch (err) {
    if (isRefusal(err)) throw new ServerRefused(command);
    throw err;
  }
}

const numbersOf = (u: Untagged, max: number): number[] => {
  if (u.numbers) return u.numbers.slice(0, max);
  const out: number[] = [];
  for (const a of u.attributes ?? []) {
    if (out.length >= max || Array.isArray(a)) continue;
    const n = Number(a.value);
    if (Number.isSafeInteger(n) && n > 0) out.push(n);
  }
  return out;
};

/** The ALL set of an ESEARCH answer (`* ESEARCH (TAG "x") UID ALL 1:5,9`), expanded. */
const esearchAll = (u: Untagged, max: number): number[] => {
  const attrs = u.attributes ?? [];
  for (let i = 0; i < attrs.length - 1; i++) {
    const a = attrs[i];
    if (!Array.isArray(a) && String(a?.value).toUpperCase() === 'ALL') {
      const next = attrs[i + 1];
      return Array.isArray(next) ? [] : expandUidSet(String(next?.value ?? ''), max);
    }
  }
  return [];
};

/** Most UIDs one answer may bring: more than any mailbox holds (a server could send more: they are dropped). */
export const maxResults = (client: ImapFlow) => Math.max(1000, (client.mailbox ? client.mailbox.exists : 0) + 1000);

/**
 * UIDs of the selected mailbox matching `keys` (`UID SEARCH [RETURN (ALL)] CHARSET UTF-8 …`), ascending.
 * ESEARCH answers a compact set instead of every number. Throws ServerRefused on NO/BAD.
 * Invariant: the mailbox is selected and locked.
 */
export async function uidSearch(client: ImapFlow, keys: CommandToken[]): Promise<number[]> {
  const max = maxResults(client);
  const esearch = client.capabilities.has('ESEARCH');
  const found: number[] = [];
  const collect = async (u: Untagged) => {
    found.push(...(esearch ? esearchAll(u, max) : numbersOf(u, max)));
  };
  const returnAll = esearch ? [atom('RETURN'), [atom('ALL')]] : [];
  await run(client, 'UID SEARCH', [...returnAll, ...CHARSET_UTF8, ...keys], { SEARCH: collect, ESEARCH: collect });
  return [...new Set(found)].sort((a, b) => a - b);
}

/** True when the server sorts (RFC 5256 SORT). */
export const canSort = (client: ImapFlow): boolean => client.capabilities.has('SORT');
/** True when the server sorts by display name (RFC 5957 SORT=DISPLAY). */
export const canSortDisplay = (client: ImapFlow): boolean => client.capabilities.has('SORT=DISPLAY');

/**
 * UIDs of the selected mailbox matching `keys`, in the server's order (`UID SORT (criteria) UTF-8 …`).
 * Throws ServerRefused on NO/BAD. Invariant: the mailbox is selected and locked, and the server has SORT.
 */
export async function uidSort(client: ImapFlow, criteria: string[], keys: CommandToken[]): Promise<number[]> {
  const max = maxResults(client);
  const found: number[] = [];
  const collect = async (u: Untagged) => {
    found.push(...numbersOf(u, max - found.length));
  };
  await run(client, 'UID SORT', [criteria.map(atom), atom('UTF-8'), ...keys], { SORT: collect });
  return found;
}
