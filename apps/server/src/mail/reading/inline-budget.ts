/** The same cid as the sanitizer matches it: without <>, URL-decoded, lower-case. */
export function normalizeCid(cid: string): string {
  let id = cid.trim().replace(/^<|>$/g, '');
  try {
    id = decodeURIComponent(id);
  } catch {
    // keep as is
  }
  return id.toLowerCase();
}

const CID_END = new Set(['"', "'", ')', '>', ' ', '\t', '\n', '\r', '\f', '<', '\\']);

/** How often each `cid:` URL occurs in the HTML: one linear pass, no regex over attacker text. Pure. */
export function countCidReferences(html: string): Map<string, number> {
  const counts = new Map<string, number>();
  const lowered = html.toLowerCase();
  let at = lowered.indexOf('cid:');
  while (at !== -1) {
    let end = at + 4;
    while (end < html.length && end - at < 1000 && !CID_END.has(html[end] as string)) end++;
    const id = normalizeCid(html.slice(at + 4, end));
    counts.set(id, (counts.get(id) ?? 0) + 1);
    at = lowered.indexOf('cid:', end);
  }
  return counts;
}

export interface InlineCandidate {
  cid?: string | undefined;
  contentType: string;
  content: { length: number };
}

/**
 * The inline images the sanitizer may turn into data: URIs, so that the document stays within `budgetBytes`: each
 * reference repeats the whole image (1,500 references to one 100 KB image would be 200 MB of HTML). Images that do
 * not fit stay out (their <img> then shows nothing). Pure.
 */
export function chooseInlineImages<T extends InlineCandidate>(html: string, parts: T[], budgetBytes: number): T[] {
  const refs = countCidReferences(html);
  let left = budgetBytes;
  const chosen: T[] = [];
  for (const part of parts) {
    if (!part.cid) continue;
    const count = refs.get(normalizeCid(part.cid)) ?? 0;
    if (count === 0) continue;
    const cost = count * (part.contentType.length + 13 + Math.ceil(part.content.length / 3) * 4);
    if (cost > left) continue;
    left -= cost;
    chosen.push(part);
  }
  return chosen;
}
