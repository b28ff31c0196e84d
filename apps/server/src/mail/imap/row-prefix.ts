import { finished } from 'node:stream/promises';
import { Splitter, type MimeNode, type SplitterChunk } from '@zone-eu/mailsplit';
import type { MessageStructureObject } from 'imapflow';
import { findTextPart, hasAttachments } from '../reading/bodystructure.ts';

/** Bytes of BODY[TEXT] a list row reads: the 8 KiB an HTML preview reads, plus room for boundaries and part headers. */
export const ROW_TEXT_BYTES = 9216;

// A header block past this is hostile (a 1 MB Subject); the row then reads the text as plain us-ascii.
const ROW_HEADER_MAX_BYTES = 64 * 1024;
// Real mail has a few parts in 9 KiB; 9 KiB of empty parts would be ~1,300 (about 8 µs each). Past this many, the
// split stops and the prefix counts as cut short.
const PREFIX_MAX_PARTS = 32;

/** The structure a list row can see in the first bytes of a message, and each leaf's first (encoded) bytes. */
export interface RowPrefix {
  /** The parts whose headers are in the prefix, shaped like imapflow's BODYSTRUCTURE (no sizes). */
  structure: MessageStructureObject | undefined;
  /** Raw, still transfer-encoded first bytes of each leaf seen, by part number ('1' for a single-part message). */
  bodies: Map<string, Buffer>;
  /** Leaves whose body ended inside the prefix. */
  ended: Set<string>;
  /** The prefix is the whole body: the structure is the message's full structure. */
  whole: boolean;
}

type SplitNode = MimeNode;

// The root has no part number in BODYSTRUCTURE (mailsplit calls it TEXT); a single-part body is BODY[1].
const partOf = (n: SplitNode) => (n.parentNode && n.partNr ? n.partNr.join('.') : undefined);

function toStructure(n: SplitNode): MessageStructureObject {
  const type = n.multipart ? `multipart/${n.multipart}` : n.contentType || 'text/plain';
  return {
    part: partOf(n),
    type: type.toLowerCase(),
    parameters: { ...(n.charset ? { charset: n.charset } : {}), ...(n.filename ? { name: n.filename } : {}) },
    encoding: n.encoding || '7bit',
    size: 0,
    ...(n.disposition ? { disposition: n.disposition } : {}),
    ...(n.filename ? { dispositionParameters: { filename: n.filename } } : {}),
    ...(n.multipart ? { childNodes: [] } : {}),
  } as MessageStructureObject;
}

/**
 * Splits the row's raw Content-Type/Content-Transfer-Encoding header fields plus the first bytes of BODY[TEXT] with
 * mailsplit, so the list needs no BODYSTRUCTURE (imapflow parses that on the event loop: 30–70 ms for 1,100 parts).
 * Input is bounded (headers ≤ 64 KiB, text ≤ ROW_TEXT_BYTES); a parse error gives what was seen before it.
 */
export async function readRowPrefix(header: Buffer | undefined, text: Buffer, whole: boolean): Promise<RowPrefix> {
  const head = header && header.length <= ROW_HEADER_MAX_BYTES ? header : Buffer.from('\r\n');
  const bodies = new Map<string, Buffer[]>();
  const sizes = new Map<string, number>();
  const ended = new Set<string>();
  const made = new Map<SplitNode, MessageStructureObject>();
  let root: MessageStructureObject | undefined;
  let open: string | null = null; // the leaf whose body is being read

  const splitter = new Splitter({ ignoreEmbedded: true, maxChildNodes: PREFIX_MAX_PARTS });
  const onChunk = (chunk: SplitterChunk) => {
    if (chunk.type === 'node') {
      if (open !== null) ended.add(open);
      const node = toStructure(chunk);
      made.set(chunk, node);
      const parent = chunk.parentNode ? made.get(chunk.parentNode) : undefined;
      if (parent) parent.childNodes!.push(node);
      else root ??= node;
      open = chunk.multipart ? null : (node.part ?? '1');
      // a file after the text part that ended: flag and preview are decided, the rest need not be split
      const text = chunk.multipart || !hasAttachments(node) ? null : findTextPart(root);
      if (text && ended.has(text.part)) splitter.destroy();
      return;
    }
    if (chunk.type === 'data') {
      if (open !== null) ended.add(open); // a boundary line after a leaf's body
      open = null;
      return;
    }
    const key = partOf(chunk.node) ?? '1';
    const held = sizes.get(key) ?? 0;
    if (held >= ROW_TEXT_BYTES) return;
    const part = chunk.value.subarray(0, ROW_TEXT_BYTES - held);
    bodies.set(key, [...(bodies.get(key) ?? []), part]);
    sizes.set(key, held + part.length);
  };

  splitter.on('data', onChunk);
  splitter.end(Buffer.concat([head, text]));
  // a parse error (or too many parts): keep what was seen before it, as a prefix cut short
  const cut = await finished(splitter).then(
    () => false,
    () => true,
  );
  if (whole && !cut && open !== null) ended.add(open);
  const joined = new Map([...bodies].map(([k, v]) => [k, Buffer.concat(v)]));
  return { structure: root, bodies: joined, ended, whole: whole && !cut };
}

/** True when a top-level type usually carries files (mixed, related, signed, report…): for a prefix cut short. */
export const mayCarryFiles = (structure: MessageStructureObject | undefined): boolean => {
  const type = (structure?.type ?? '').toLowerCase();
  return type.startsWith('multipart/') && type !== 'multipart/alternative';
};
