import type { PlanNode } from './read-plan.ts';

/** The header a display source gives every leaf: its IMAP part number, to download it by part later. */
export const PART_HEADER = 'X-Pigeon-Part';

/**
 * The complete fields of a header block: up to its blank line, or (cut by a partial fetch) up to the last field
 * that ended. Latin-1 keeps the bytes as they are. Pure.
 */
export function completeHeader(raw: Buffer): string {
  const text = raw.toString('latin1');
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  const ends = [crlf === -1 ? -1 : crlf + 2, lf === -1 ? -1 : lf + 1].filter((i) => i >= 0);
  if (ends.length) return text.slice(0, Math.min(...ends));
  // cut inside a field: keep what precedes the start of the last field that began
  for (let i = text.length - 1; i > 0; i--) {
    if (text[i - 1] === '\n' && text[i] !== ' ' && text[i] !== '\t') return text.slice(0, i);
  }
  return '';
}

/** The header without the named fields (lower-case names), continuation lines included. Pure. */
export function withoutFields(header: string, names: string[]): string {
  const out: string[] = [];
  let dropping = false;
  for (const line of header.split(/(?<=\n)/)) {
    const continued = line.startsWith(' ') || line.startsWith('\t');
    if (!continued) {
      const colon = line.indexOf(':');
      dropping = colon > 0 && names.includes(line.slice(0, colon).trim().toLowerCase());
    }
    if (!dropping && line.trim()) out.push(line.endsWith('\n') ? line : `${line}\r\n`);
  }
  return out.join('');
}

export interface DisplaySourceInput {
  root: PlanNode;
  /** the message header, as fetched (possibly cut) */
  rootHeader: Buffer;
  /** fetched sections by lower-case key: `n.mime` headers and leaf bodies (`text` for a single-part message) */
  sections: Map<string, Buffer>;
  /** a random token no fetched part can contain */
  boundary: string;
}

/**
 * A message made of the fetched pieces only, for the MIME parser: the original headers, every leaf tagged with its
 * part number, bodies of the parts not fetched left empty, multiparts re-framed with our own boundaries (so
 * broken or hostile boundaries in the original cannot reshape it). Pure.
 */
export function displaySource(input: DisplaySourceInput): Buffer {
  const chunks: Buffer[] = [];
  const push = (s: string) => chunks.push(Buffer.from(s, 'latin1'));
  const strip = (h: string) => withoutFields(h, [PART_HEADER.toLowerCase()]);

  const emit = (node: PlanNode, header: string | null, level: string) => {
    if (node.kind === 'leaf') {
      const own = header ?? node.header ?? completeHeader(input.sections.get(`${node.part}.mime`) ?? Buffer.alloc(0));
      push(`${PART_HEADER}: ${node.part}\r\n${strip(own)}\r\n`);
      const body = node.fetch ? input.sections.get(header === null ? node.part : 'text') : undefined;
      if (body) chunks.push(body);
      return;
    }
    const boundary = `${input.boundary}.${level}`;
    const fields = header === null ? '' : withoutFields(strip(header), ['content-type', 'content-transfer-encoding']);
    push(`${fields}Content-Type: multipart/${node.subtype}; boundary="${boundary}"\r\n\r\n`);
    node.children.forEach((child, i) => {
      push(`\r\n--${boundary}\r\n`);
      emit(child, null, `${level}.${i}`);
    });
    push(`\r\n--${boundary}--\r\n`);
  };

  emit(input.root, completeHeader(input.rootHeader), '0');
  return Buffer.concat(chunks);
}
