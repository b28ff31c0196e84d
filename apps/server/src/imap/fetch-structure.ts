import type { ImapFlow, MessageStructureObject } from 'imapflow';
import { parseBodystructure } from 'imapflow/lib/tools.js';

/** A token of imapflow's response parser: an atom, string, literal or number, or a parenthesized list. */
type Token = { type?: string; value?: unknown } | Token[] | null;

/** imapflow's command runner (internal: not in its typings; the int test of this file pins its behaviour). */
interface RawCommands {
  exec(
    command: string,
    attributes: unknown[],
    options: { untagged: Record<string, (response: { attributes?: Token[] }) => Promise<void>> },
  ): Promise<{ next: () => void }>;
}

/** Parts turned into objects between two turns of the event loop (about a millisecond of work). */
const PARTS_PER_TURN = 64;

/** Lets timers (and other users' requests) run: a timer, since immediates would run before the loop's timers do. */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const atom = (t: Token): string => (t && !Array.isArray(t) && typeof t.value === 'string' ? t.value.toUpperCase() : '');

/** The BODYSTRUCTURE list of one FETCH response, when it is the answer for `uid`. */
function structureTokens(response: { attributes?: Token[] }, uid: number): Token[] | null {
  const pairs = response.attributes?.[1];
  if (!Array.isArray(pairs)) return null;
  let forUid = false;
  let structure: Token[] | null = null;
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const key = atom(pairs[i] as Token);
    const value = pairs[i + 1] as Token;
    if (key === 'UID' && value && !Array.isArray(value)) forUid = Number(value.value) === uid;
    if (key === 'BODYSTRUCTURE' && Array.isArray(value)) structure = value;
  }
  return forUid ? structure : null;
}

/** imapflow numbers the parts of a tree it parsed on its own from 1; the tree sits at `prefix` in the message. */
function renumber(node: MessageStructureObject, prefix: string): MessageStructureObject {
  if (!prefix) return node;
  node.part = node.part ? `${prefix}.${node.part}` : prefix;
  for (const child of node.childNodes ?? []) renumber(child, prefix);
  return node;
}

/**
 * The same object imapflow's fetch gives for a BODYSTRUCTURE (its own parseBodystructure reads every part), built a
 * few dozen parts per turn of the event loop: a message of 1,100 parts took one task of 10–30 ms.
 */
export async function formatStructure(tokens: Token[]): Promise<MessageStructureObject> {
  let sinceTurn = 0;
  const walk = async (node: Token[], path: string): Promise<MessageStructureObject> => {
    if (!Array.isArray(node[0])) {
      // a leaf (a message/rfc822 part with everything inside it, as one piece)
      if (++sinceTurn >= PARTS_PER_TURN) {
        sinceTurn = 0;
        await nextTurn();
      }
      return renumber(parseBodystructure(node as never), path);
    }
    const children: MessageStructureObject[] = [];
    let i = 0;
    for (; Array.isArray(node[i]); i++) {
      children.push(await walk(node[i] as Token[], path ? `${path}.${i + 1}` : String(i + 1)));
    }
    // the multipart's own fields (subtype, parameters, disposition, language, location), read by imapflow with an
    // empty stand-in for its children
    const own = parseBodystructure([[], ...node.slice(i)] as never);
    const out: MessageStructureObject = { ...own, childNodes: children };
    if (path) out.part = path;
    else delete out.part;
    return out;
  };
  return walk(tokens, '');
}

/**
 * `UID FETCH uid (UID BODYSTRUCTURE)`, the structure built in small steps (formatStructure) instead of in the
 * response's task. Null when the server has no such message. Invariant: a mailbox is selected.
 */
export async function fetchStructure(client: ImapFlow, uid: number): Promise<MessageStructureObject | null> {
  let tokens: Token[] | null = null;
  const response = await (client as unknown as RawCommands).exec(
    'UID FETCH',
    [
      { type: 'SEQUENCE', value: String(uid) },
      [
        { type: 'ATOM', value: 'UID' },
        { type: 'ATOM', value: 'BODYSTRUCTURE' },
      ],
    ],
    {
      untagged: {
        // other FETCH responses (flag changes the server reports meanwhile) are not this answer
        FETCH: async (untagged) => {
          tokens ??= structureTokens(untagged, uid);
        },
      },
    },
  );
  response.next();
  return tokens ? formatStructure(tokens) : null;
}
