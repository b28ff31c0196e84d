import type { Attachment as ParsedAttachment } from 'mailparser';

const EXTENSION_BY_TYPE: Record<string, string> = {
  'message/rfc822': '.eml',
  'text/calendar': '.ics',
  'text/plain': '.txt',
  'text/html': '.html',
};

/** The decoded file name (RFC 2231 / RFC 2047, done by mailparser) or `attachment-N.ext`. */
export function attachmentFilename(a: Pick<ParsedAttachment, 'filename' | 'contentType'>, index: number): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const name = (a.filename ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return name || `attachment-${index + 1}${EXTENSION_BY_TYPE[(a.contentType ?? '').toLowerCase()] ?? ''}`;
}
