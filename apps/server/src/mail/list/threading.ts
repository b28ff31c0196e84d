import { baseSubject } from './list-order.ts';

/** What threading reads of one message (RFC 5256 REFERENCES): its ids, the ids it answers, and its subject. */
export interface ThreadInput {
  uid: number;
  messageId: string | null;
  /** References ids, oldest first, then In-Reply-To's when References has none */
  references: string[];
  subject: string;
  /** ms since epoch (the Date header, else arrival) */
  date: number;
}

/** Ids one message may name: a foreign header can list thousands; the nearest ancestors are the ones that matter. */
export const MAX_REFERENCES = 50;
const MAX_ID_LENGTH = 250;

/** Message-ids (`<local@domain>`) in a header value, lower-cased, at most `max` (the last ones). Pure. */
export function messageIds(value: string | undefined, max = MAX_REFERENCES): string[] {
  const text = (value ?? '').slice(0, (MAX_ID_LENGTH + 2) * MAX_REFERENCES * 2);
  const ids: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<') start = i;
    else if (c === '>' && start !== -1) {
      const id = text.slice(start + 1, i).trim();
      if (id && id.length <= MAX_ID_LENGTH && !/\s/.test(id)) ids.push(id.toLowerCase());
      start = -1;
    }
  }
  return ids.slice(-max);
}

/** Union-find over indexes, with path halving. */
class Groups {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    let x = i;
    while (this.parent[x] !== x) {
      const up = this.parent[this.parent[x]!]!;
      this.parent[x] = up;
      x = up;
    }
    return x;
  }
  join(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/**
 * Which messages form one conversation, the same partition as RFC 5256 `THREAD=REFERENCES` (JWZ): messages linked
 * through Message-ID / References / In-Reply-To belong together (a missing parent still links its children, as
 * JWZ's empty container does), then thread roots with the same base subject are merged. Only the partition is built,
 * not the tree: the list shows conversations, and a conversation is shown oldest first. Each thread's UIDs ascend;
 * threads come in no particular order. Pure.
 */
export function threadMessages(messages: readonly ThreadInput[]): number[][] {
  // one node per message, then one per id only referenced (the "empty containers" of JWZ)
  const nodeOfId = new Map<string, number>();
  const idNode = (id: string, fallback?: number): number => {
    let n = nodeOfId.get(id);
    if (n === undefined) {
      n = fallback ?? messages.length + nodeOfId.size;
      nodeOfId.set(id, n);
    }
    return n;
  };
  const ownNode = messages.map((m, i) => (m.messageId ? idNode(m.messageId, i) : i));
  const groups = new Groups(messages.length + messages.reduce((n, m) => n + m.references.length + 1, 0));
  // a message whose parent is present, or referenced (missing parent), is not a root of its thread
  const hasParent = messages.map(() => false);
  messages.forEach((m, i) => {
    groups.join(i, ownNode[i]!);
    const refs = m.references.filter((r) => r !== m.messageId);
    for (const ref of refs) groups.join(i, idNode(ref));
    if (refs.length > 0) hasParent[i] = true;
  });
  // subject grouping (RFC 5256 step 5): a thread's subject is its earliest root's base subject (a thread whose
  // every message answers a missing one has no root: its earliest message stands for it)
  const rootOf = new Map<number, { subject: string; rank: [number, number] }>();
  messages.forEach((m, i) => {
    const g = groups.find(i);
    const rank: [number, number] = [hasParent[i] ? 1 : 0, m.date];
    const seen = rootOf.get(g);
    if (!seen || rank[0] < seen.rank[0] || (rank[0] === seen.rank[0] && rank[1] < seen.rank[1]))
      rootOf.set(g, { subject: baseSubject(m.subject), rank });
  });
  const bySubject = new Map<string, number>();
  for (const [g, { subject }] of rootOf) {
    if (!subject) continue;
    const other = bySubject.get(subject);
    if (other === undefined) bySubject.set(subject, g);
    else groups.join(g, other);
  }
  const threads = new Map<number, number[]>();
  messages.forEach((m, i) => {
    const g = groups.find(i);
    const list = threads.get(g) ?? [];
    list.push(m.uid);
    threads.set(g, list);
  });
  return [...threads.values()].map((uids) => [...new Set(uids)].sort((a, b) => a - b));
}
