import { randomBytes } from 'node:crypto';
import type { FetchMessageObject, FetchQueryObject, ImapFlow, MessageStructureObject } from 'imapflow';
import { findTextPart } from './bodystructure.ts';
import { displaySource } from './display-source.ts';
import { messageNotFound, readersBusy } from '../message.errors.ts';
import { withAttachedMessages } from '../mime/attached-message.ts';
import { isUnsplitMultipart } from '../mime/broken-multipart.ts';
import { fetchStructure } from '../../imap/fetch-structure.ts';
import { SUMMARY_FETCH_QUERY, toAddresses, toSummary } from '../imap/summary.mapper.ts';
import { clip } from './preview.ts';
import { decodedSize, planRead, PART_HEADER_MAX_BYTES, type ReadPlan } from './read-plan.ts';
import { renderWhole } from './message-load-whole.ts';
import { ReadPoolBusy, type ReadPool } from './read-pool.ts';
import { decodeTextPart, type RenderedMessage } from './render-reading.ts';
import type { Reading, ReadingAttachment } from './reading-cache.ts';

export interface LoadBounds {
  displayMaxBytes: number;
  headerMaxBytes: number;
  maxParts: number;
  /** TESTS ONLY (TEST_UNSANITIZED_BODIES, decision 011) */
  unsanitizedBodiesForTests?: boolean;
}

/** A fallback text part this small is decoded on the event loop (well under a millisecond), not in a new thread. */
const FALLBACK_ON_LOOP_BYTES = 16 * 1024;

function decodeSmall(raw: Buffer, encoding: string, charset: string): { text: string; document: string | null } {
  try {
    return decodeTextPart(raw, encoding, charset);
  } catch {
    return { text: '', document: null };
  }
}

/**
 * Lets the event loop run what is waiting before the next step of a read by part: planning the read and re-framing
 * the display source are 5–30 ms each for a 1,100-part message on a loaded machine. A timer, not an immediate: an
 * immediate runs in the same turn as the I/O callback that resolved the step before, before the loop's timers.
 */
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Sections per FETCH: keeps each command line a few kilobytes long, well under servers' line limits. */
const SECTIONS_PER_FETCH = 200;

type BodyPart = NonNullable<FetchQueryObject['bodyParts']>[number];

/** Fetches sections of one message in a few FETCHes; keys lower-case (`header`, `1.2.mime`, `text`). */
async function fetchSections(client: ImapFlow, uid: number, parts: BodyPart[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (let i = 0; i < parts.length; i += SECTIONS_PER_FETCH) {
    const batch = parts.slice(i, i + SECTIONS_PER_FETCH);
    const msg = await client.fetchOne(String(uid), { uid: true, bodyParts: batch }, { uid: true });
    if (!msg || msg.uid !== uid) throw messageNotFound(uid);
    if (msg.headers) out.set('header', msg.headers);
    for (const [key, value] of msg.bodyParts ?? []) out.set(key.toLowerCase(), value);
  }
  return out;
}

/** The envelope's view of the header fields: what the reader shows when the message could not be parsed. */
function envelopeHeaders(msg: FetchMessageObject): RenderedMessage['headers'] {
  const env = msg.envelope;
  const date = env?.date instanceof Date && !Number.isNaN(env.date.getTime()) ? env.date.toISOString() : null;
  return {
    subject: env?.subject ?? '',
    from: toAddresses(env?.from)[0] ?? null,
    to: toAddresses(env?.to),
    cc: toAddresses(env?.cc),
    bcc: toAddresses(env?.bcc),
    replyTo: toAddresses(env?.replyTo),
    date,
    messageId: env?.messageId ?? null,
    inReplyTo: env?.inReplyTo ?? null,
    references: [],
    draftId: null,
    draftState: null,
  };
}

/** Attachments as BODYSTRUCTURE lists them (names decoded by imapflow), for the fallback. */
function structureAttachments(node: MessageStructureObject | undefined, out: ReadingAttachment[] = []) {
  if (!node) return out;
  if ((node.type ?? '').toLowerCase().startsWith('multipart/')) {
    for (const child of node.childNodes ?? []) structureAttachments(child, out);
    return out;
  }
  const filename = node.dispositionParameters?.filename || node.parameters?.name || '';
  const type = (node.type ?? 'application/octet-stream').toLowerCase();
  if (!filename && type.startsWith('text/')) return out;
  const part = node.part ?? '1';
  out.push({
    id: part,
    part,
    filename: filename || `part-${part}`,
    contentType: type,
    size: decodedSize(node.size ?? 0, node.encoding ?? ''),
    inline: (node.disposition ?? '').toLowerCase() === 'inline',
    cid: node.id ?? null,
    content: null,
  });
  return out;
}

function toReadingAttachments(rendered: RenderedMessage['attachments'], plan: ReadPlan): ReadingAttachment[] {
  let derived = 0;
  return rendered.map((a) => {
    const encoded = a.part === null ? undefined : plan.sizes.get(a.part);
    return {
      id: a.part ?? `x${derived++}`,
      part: a.part,
      filename: a.filename,
      contentType: a.contentType,
      // a fetched part was decoded, so its size is exact; the others are estimated from BODYSTRUCTURE
      size: encoded && !encoded.fetched ? decodedSize(encoded.size, encoded.encoding) : a.size,
      inline: a.inline,
      cid: a.cid,
      content: a.content ? Buffer.from(a.content) : null,
    };
  });
}

export interface LoadDeps {
  client: ImapFlow;
  uid: number;
  remote: boolean;
  pool: ReadPool;
  bounds: LoadBounds;
  /** counts content fetches (tests and metrics see that the cache is used) */
  onFetch?: () => void;
}

/**
 * A message this small is fetched whole and parsed in a worker, its structure included: imapflow would parse its
 * BODYSTRUCTURE on the event loop, and a small message can hold thousands of parts (150 KB of BODYSTRUCTURE for
 * 1,100). Larger ones are read by part (loadStructured); never more than the display bound.
 */
export const WHOLE_READ_MAX_BYTES = 512 * 1024;
export const wholeReadMaxBytes = (bounds: LoadBounds): number => Math.min(WHOLE_READ_MAX_BYTES, bounds.displayMaxBytes);

/** The row's fields of a message without its BODYSTRUCTURE (see WHOLE_READ_MAX_BYTES). */
const PROBE_QUERY = { ...SUMMARY_FETCH_QUERY, bodyStructure: false } as const;

/**
 * Reads one message for display (decision 010): a small one whole, parsed in a worker (renderWhole); a larger one by
 * part (loadStructured). Past the time budget: the plain-text part and the envelope.
 * Invariant: `path` is selected; nothing here sets flags.
 */
export async function loadReading(deps: LoadDeps): Promise<Reading> {
  const { client, uid, bounds } = deps;
  const probe = await client.fetchOne(String(uid), PROBE_QUERY, { uid: true });
  if (!probe || probe.uid !== uid) throw messageNotFound(uid);
  deps.onFetch?.();
  if ((probe.size ?? Infinity) > wholeReadMaxBytes(bounds)) return loadStructured(deps, probe, true);
  const whole = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
  if (!whole || whole.uid !== uid || !whole.source) throw messageNotFound(uid);
  const reading = await renderWhole({
    source: whole.source,
    summary: toSummary(probe, ''),
    remote: deps.remote,
    pool: deps.pool,
    bounds,
  });
  // past the budget: the structure is read after all, for the plain-text part and the attachment list
  return reading ?? loadStructured(deps, probe, false);
}

/**
 * Reads one message by part: BODYSTRUCTURE first, then only the headers and the parts needed to display (within
 * the display bound), re-framed and parsed in a worker (not when `render` is false: a whole parse already ran past
 * the budget). Past the time budget: the plain-text part and the envelope.
 */
async function loadStructured(deps: LoadDeps, probe: FetchMessageObject, render: boolean): Promise<Reading> {
  const { client, uid, bounds } = deps;
  // the row's fields came with the probe; the structure is read on its own, a few dozen parts per turn of the loop
  const bodyStructure = await fetchStructure(client, uid);
  if (!bodyStructure) throw messageNotFound(uid);
  const msg = { ...probe, bodyStructure };
  await nextTurn();
  const plan = planRead(msg.bodyStructure, bounds);
  await nextTurn();
  const sections = await fetchSections(client, uid, [
    { key: 'HEADER', start: 0, maxLength: bounds.headerMaxBytes },
    ...plan.headerSections.map((key) => ({ key, start: 0, maxLength: PART_HEADER_MAX_BYTES })),
    ...plan.bodySections,
  ]);
  // a multipart the server could not split (boundary missing or wrong) is read whole, for parseMail to repair
  const whole =
    isUnsplitMultipart(msg.bodyStructure) && (msg.size ?? Infinity) <= bounds.displayMaxBytes
      ? await client
          .fetchOne(String(uid), { uid: true, source: true }, { uid: true })
          .then((m) => (m ? m.source : undefined))
      : undefined;
  await nextTurn();
  const source =
    whole ??
    displaySource({
      root: plan.root,
      rootHeader: sections.get('header') ?? Buffer.alloc(0),
      sections,
      boundary: `pigeon-${randomBytes(12).toString('hex')}`,
    });

  let rendered: RenderedMessage | null = null;
  try {
    if (render)
      rendered = await deps.pool.render(source, {
        remote: deps.remote,
        inlineBudgetBytes: bounds.displayMaxBytes,
        unsanitizedForTests: bounds.unsanitizedBodiesForTests,
      });
  } catch (err) {
    if (err instanceof ReadPoolBusy) throw readersBusy();
    rendered = null;
  }
  // the worker's answer (hundreds of attachments for such a message) was taken in; the reading is assembled next turn
  await nextTurn();
  if (rendered) {
    return {
      summary: toSummary(msg, clip(rendered.text)),
      headers: rendered.headers,
      text: rendered.text,
      bodyHtml: rendered.bodyHtml,
      plainDocument: rendered.plainDocument,
      hasRemoteContent: rendered.hasRemoteContent,
      remoteInput: rendered.remoteInput,
      attachments: withAttachedMessages(toReadingAttachments(rendered.attachments, plan), msg.bodyStructure),
      bodyNotice: plan.tooLarge ? 'tooLarge' : null,
      partsOmitted: plan.partsOmitted,
    };
  }

  // past the budget (or the parser gave up): the plain-text part as fetched, decoded in a worker of its own budget
  const textPart = findTextPart(msg.bodyStructure);
  const raw = textPart ? sections.get(plan.root.kind === 'leaf' ? 'text' : textPart.part) : undefined;
  let decoded = { text: '', document: null as string | null };
  if (textPart?.type === 'text/plain' && raw) {
    // the thread that ran past the budget is being replaced: a short text does not wait for the new one
    decoded =
      raw.length <= FALLBACK_ON_LOOP_BYTES
        ? decodeSmall(raw, textPart.encoding, textPart.charset)
        : await deps.pool.decodeText(raw, textPart.encoding, textPart.charset).catch(() => decoded);
  }
  const { text } = decoded;
  return {
    summary: toSummary(msg, clip(text)),
    headers: envelopeHeaders(msg),
    text,
    bodyHtml: null,
    plainDocument: decoded.document,
    hasRemoteContent: false,
    remoteInput: null,
    attachments: withAttachedMessages(structureAttachments(msg.bodyStructure), msg.bodyStructure),
    bodyNotice: 'tooComplex',
    partsOmitted: plan.partsOmitted,
  };
}
