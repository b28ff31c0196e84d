import type { MessageStructureObject } from 'imapflow';

/**
 * True when the server could not split a multipart message: its boundary parameter is missing or matches no
 * delimiter, so BODYSTRUCTURE shows one empty text part. Such a message is read whole and repaired by parseMail
 * (multipart-repair.ts) instead of part by part. Pure.
 */
export function isUnsplitMultipart(structure: MessageStructureObject | undefined): boolean {
  if (!structure || !(structure.type ?? '').toLowerCase().startsWith('multipart/')) return false;
  const children = structure.childNodes ?? [];
  return children.length <= 1 && children.every((c) => !c.childNodes?.length && (c.size ?? 0) === 0);
}
