import type { MessageStructureObject } from 'imapflow';
import { structureHeader } from './structure-header.ts';

/** What of one message is read to display it (docs/decisions/010-reading-pipeline.md). */
export interface ReadBounds {
  /** encoded bytes of text, HTML, inline images and TNEF fetched for display */
  displayMaxBytes: number;
  /** MIME parts walked; the rest is not read or listed */
  maxParts: number;
}

/** A MIME part header is read up to this many bytes (a long RFC 2231 file name fits many times over). */
export const PART_HEADER_MAX_BYTES = 8 * 1024;
/**
 * Part headers fetched per message (the parts shown first): a message of hundreds of parts would otherwise cost
 * the event loop a FETCH response of hundreds of headers; the others are written from BODYSTRUCTURE.
 */
export const PART_HEADERS_MAX = 64;
/** Nesting deeper than this is not read (Dovecot itself stops parsing MIME at 100 levels). */
export const MAX_DEPTH = 32;

export type PlanNode =
  | { kind: 'multipart'; part: string | null; subtype: string; children: PlanNode[] }
  | {
      kind: 'leaf';
      part: string;
      type: string;
      fetch: boolean;
      size: number;
      encoding: string;
      /** the part's header as BODYSTRUCTURE describes it, when its own header is not fetched */
      header: string | null;
    };

export interface ReadPlan {
  root: PlanNode;
  /** `n.MIME` sections of at most PART_HEADERS_MAX leaves, shown parts first (the root's header is HEADER) */
  headerSections: string[];
  /** leaf bodies fetched whole (each within the display bound) */
  bodySections: string[];
  /** a text or HTML part was left out because it does not fit the display bound */
  tooLarge: boolean;
  /** parts beyond maxParts or MAX_DEPTH: not read, not listed */
  partsOmitted: number;
  /** encoded size of each leaf by part number (attachment sizes without downloading them) */
  sizes: Map<string, { size: number; encoding: string; fetched: boolean }>;
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();
const isAttachment = (n: MessageStructureObject) => lower(n.disposition) === 'attachment';
const hasName = (n: MessageStructureObject) => Boolean(n.dispositionParameters?.filename || n.parameters?.name);

/** Priority of a leaf for the display budget: 0 body text, 1 inline image, 2 TNEF; null = never fetched. */
export function displayPriority(n: MessageStructureObject): 0 | 1 | 2 | null {
  const type = lower(n.type);
  if (type === 'text/plain' || type === 'text/html') {
    if (isAttachment(n)) return null;
    if (type === 'text/plain' && hasName(n) && lower(n.disposition) !== 'inline') return null;
    return 0;
  }
  if (type.startsWith('image/') && n.id && !isAttachment(n)) return 1;
  if (type === 'application/ms-tnef' || type === 'application/vnd.ms-tnef') return 2;
  return null;
}

/** Decoded bytes of a part from its encoded BODYSTRUCTURE size (base64 in 76-character lines: exact up to padding). */
export function decodedSize(size: number, encoding: string): number {
  if (lower(encoding) !== 'base64') return size;
  const lines = Math.ceil(size / 78);
  for (const breaks of [lines, lines - 1]) {
    const chars = size - 2 * Math.max(0, breaks);
    if (chars >= 0 && chars % 4 === 0) return (chars / 4) * 3;
  }
  return Math.floor((size * 57) / 78);
}

/**
 * Walks BODYSTRUCTURE and decides what to fetch: the MIME headers of up to PART_HEADERS_MAX leaves (names, charsets;
 * the others are written from BODYSTRUCTURE), and the bodies of the
 * parts needed to display (text, inline images, TNEF) in priority order while they fit `displayMaxBytes`. Pure.
 */
export function planRead(structure: MessageStructureObject, bounds: ReadBounds): ReadPlan {
  let walked = 0;
  let omitted = 0;
  const leaves: { node: MessageStructureObject; leaf: Extract<PlanNode, { kind: 'leaf' }> }[] = [];

  const walk = (n: MessageStructureObject, depth: number, isRoot: boolean): PlanNode | null => {
    if (walked >= bounds.maxParts || depth > MAX_DEPTH) {
      omitted += 1;
      return null;
    }
    walked += 1;
    const type = lower(n.type);
    if (type.startsWith('multipart/')) {
      const children = (n.childNodes ?? [])
        .map((c) => walk(c, depth + 1, false))
        .filter((c): c is PlanNode => c !== null);
      const subtype = /^[a-z0-9.+-]{1,64}$/.test(type.slice(10)) ? type.slice(10) : 'mixed';
      return { kind: 'multipart', part: isRoot ? null : (n.part ?? null), subtype, children };
    }
    // a single-part message has no part number; its body is BODY[1]. message/rfc822 stays one attachment.
    const leaf = {
      kind: 'leaf' as const,
      part: n.part ?? '1',
      type,
      fetch: false,
      size: n.size ?? 0,
      encoding: lower(n.encoding) || '7bit',
      header: null as string | null,
    };
    leaves.push({ node: n, leaf });
    return leaf;
  };
  const root = walk(structure, 0, true) ?? { kind: 'multipart', part: null, subtype: 'mixed', children: [] };

  let budget = bounds.displayMaxBytes;
  let tooLarge = false;
  for (const priority of [0, 1, 2] as const) {
    for (const { node, leaf } of leaves) {
      if (displayPriority(node) !== priority) continue;
      if (leaf.size <= budget) {
        leaf.fetch = true;
        budget -= leaf.size;
      } else if (priority === 0) tooLarge = true;
    }
  }

  const isRootLeaf = root.kind === 'leaf';
  const withHeader = isRootLeaf
    ? []
    : [...leaves.filter(({ leaf }) => leaf.fetch), ...leaves.filter(({ leaf }) => !leaf.fetch)].slice(
        0,
        PART_HEADERS_MAX,
      );
  const fetched = new Set(withHeader.map(({ leaf }) => leaf));
  if (!isRootLeaf) for (const { node, leaf } of leaves) if (!fetched.has(leaf)) leaf.header = structureHeader(node);
  return {
    root,
    headerSections: leaves.filter(({ leaf }) => fetched.has(leaf)).map(({ leaf }) => `${leaf.part}.MIME`),
    bodySections: leaves.filter(({ leaf }) => leaf.fetch).map(({ leaf }) => (isRootLeaf ? 'TEXT' : leaf.part)),
    tooLarge,
    partsOmitted: omitted,
    sizes: new Map(
      leaves.map(({ leaf }) => [leaf.part, { size: leaf.size, encoding: leaf.encoding, fetched: leaf.fetch }]),
    ),
  };
}
