import type { MessageStructureObject } from 'imapflow';

/** The part a list preview is read from: its IMAP part number and how to decode it. */
export interface TextPart {
  part: string;
  type: 'text/plain' | 'text/html';
  encoding: string;
  charset: string;
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();
const isMultipart = (n: MessageStructureObject) => lower(n.type).startsWith('multipart/');
const hasFilename = (n: MessageStructureObject) => Boolean(n.dispositionParameters?.filename || n.parameters?.name);
const isAttachmentDisposition = (n: MessageStructureObject) => lower(n.disposition) === 'attachment';

/** True if any part is `Content-Disposition: attachment`, or a named leaf that is neither text nor multipart. */
export function hasAttachments(node: MessageStructureObject | undefined): boolean {
  if (!node) return false;
  if (isMultipart(node)) return (node.childNodes ?? []).some(hasAttachments);
  if (isAttachmentDisposition(node)) return true;
  return !lower(node.type).startsWith('text/') && hasFilename(node);
}

// A single-part message has no part number in BODYSTRUCTURE; its body is BODY[1].
const partNumber = (n: MessageStructureObject) => n.part ?? '1';

function asTextPart(n: MessageStructureObject): TextPart | null {
  const type = lower(n.type);
  if ((type !== 'text/plain' && type !== 'text/html') || isAttachmentDisposition(n)) return null;
  if (type === 'text/plain' && hasFilename(n) && lower(n.disposition) !== 'inline') return null;
  return {
    part: partNumber(n),
    type,
    encoding: lower(n.encoding) || '7bit',
    charset: lower(n.parameters?.charset) || 'us-ascii',
  };
}

/** The first readable body part in display order; inside multipart/alternative text/plain wins over text/html. */
export function findTextPart(node: MessageStructureObject | undefined): TextPart | null {
  if (!node) return null;
  if (!isMultipart(node)) return asTextPart(node);
  const children = node.childNodes ?? [];
  if (lower(node.type) === 'multipart/alternative') {
    const found = children.map(findTextPart).filter((p): p is TextPart => p !== null);
    return found.find((p) => p.type === 'text/plain') ?? found[0] ?? null;
  }
  for (const child of children) {
    const found = findTextPart(child);
    if (found) return found;
  }
  return null;
}

/** Encoded bytes of the attachment parts (as hasAttachments counts them), for "free up space". */
export function attachmentBytes(node: MessageStructureObject | undefined): number {
  if (!node) return 0;
  if (isMultipart(node)) return (node.childNodes ?? []).reduce((sum, child) => sum + attachmentBytes(child), 0);
  return hasAttachments(node) ? (node.size ?? 0) : 0;
}
