import type { MessageSummary } from '@pigeon/shared';
import type { LoadBounds } from './message-load.ts';
import { readersBusy } from '../message.errors.ts';
import { clip } from './preview.ts';
import { ReadPoolBusy, type ReadPool } from './read-pool.ts';
import type { Reading, ReadingAttachment } from './reading-cache.ts';
import type { RenderedMessage } from './render-reading.ts';

export interface WholeLoadDeps {
  /** the complete message as stored (Pigeon's own store keeps every byte) */
  source: Buffer;
  /** its list row, as stored with it: what the reader shows when the parse runs past its budget */
  summary: MessageSummary;
  remote: boolean;
  pool: ReadPool;
  bounds: LoadBounds;
}

/**
 * Attachments of a whole-source parse: each carries its bytes (nothing is downloaded by part again) and its part
 * number in the source as id (`x<n>` for one found inside a part: uuencode, TNEF). Pure.
 */
export function wholeAttachments(rendered: RenderedMessage['attachments']): ReadingAttachment[] {
  return rendered.map((a, i) => ({
    id: a.sourcePart ?? `x${i}`,
    part: null,
    filename: a.filename,
    contentType: a.contentType,
    size: a.content?.length ?? a.size,
    inline: a.inline,
    cid: a.cid,
    content: a.content ? Buffer.from(a.content) : Buffer.alloc(0),
    ...(a.message ? { message: a.message } : {}),
  }));
}

/** The reading when the parse ran past its budget: the stored row's fields and nothing parsed. Pure. */
export function summaryOnlyReading(summary: MessageSummary): Reading {
  return {
    summary,
    headers: {
      subject: summary.subject,
      from: summary.from,
      to: summary.to,
      cc: [],
      bcc: [],
      replyTo: [],
      date: summary.date,
      messageId: null,
      inReplyTo: null,
      references: [],
      draftId: null,
      draftState: null,
    },
    text: '',
    bodyHtml: null,
    plainDocument: null,
    hasRemoteContent: false,
    remoteInput: null,
    attachments: [],
    bodyNotice: 'tooComplex',
    partsOmitted: 0,
  };
}

/**
 * Reads a message whose whole source is at hand (a POP3 account's local copy): parsed and sanitized in a reading
 * worker under the same time budget as an IMAP message. Past the budget: the stored list row, marked tooComplex.
 */
export async function loadWholeReading(d: WholeLoadDeps): Promise<Reading> {
  return (await renderWhole(d)) ?? summaryOnlyReading(d.summary);
}

/**
 * A whole source parsed and sanitized in a reading worker (no BODYSTRUCTURE is read on the event loop): at most
 * `maxParts` attachments are listed, and the row's attachment flag follows what the parse found. Null past the time
 * budget or when the parser gave up.
 */
export async function renderWhole(d: WholeLoadDeps): Promise<Reading | null> {
  let rendered: RenderedMessage | null = null;
  try {
    rendered = await d.pool.render(d.source, {
      remote: d.remote,
      inlineBudgetBytes: d.bounds.displayMaxBytes,
      unsanitizedForTests: d.bounds.unsanitizedBodiesForTests,
    });
  } catch (err) {
    if (err instanceof ReadPoolBusy) throw readersBusy();
  }
  if (!rendered) return null;
  const all = wholeAttachments(rendered.attachments);
  const attachments = all.slice(0, d.bounds.maxParts);
  return {
    summary: { ...d.summary, preview: clip(rendered.text), hasAttachments: all.some((a) => !a.inline) },
    headers: rendered.headers,
    text: rendered.text,
    bodyHtml: rendered.bodyHtml,
    plainDocument: rendered.plainDocument,
    hasRemoteContent: rendered.hasRemoteContent,
    remoteInput: rendered.remoteInput,
    attachments,
    bodyNotice: null,
    partsOmitted: all.length - attachments.length,
  };
}
