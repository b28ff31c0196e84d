import { create as contentDisposition } from 'content-disposition';

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/g;
// eslint-disable-next-line no-control-regex -- as above, plus characters file systems reject
const NOT_IN_FILE_NAMES = /[\u0000-\u001f\u007f/\\:*?"<>|]+/g;

/** A file name safe to send: no path, no control characters, not empty. */
export function safeFilename(name: string, fallback = 'download'): string {
  const base = name.replace(CONTROL, '').split(/[/\\]/).pop() ?? '';
  const trimmed = base.trim().replace(/^\.+/, '');
  return trimmed || fallback;
}

/** ASCII stand-in for old clients: accents stripped, every other non-ASCII character and quotes become one "_" (the extension survives). */
export function asciiFallback(name: string): string {
  return Array.from(name, (ch) => {
    if (/^[\x20-\x7e]$/.test(ch)) return /["\\%]/.test(ch) ? '_' : ch;
    const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    return /^[\x20-\x7e]+$/.test(base) && !/["\\%]/.test(base) ? base : '_';
  }).join('');
}

/** `attachment; filename="ascii"; filename*=UTF-8''<percent-encoded>` (RFC 6266), or `inline`. */
export function dispositionHeader(name: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const filename = safeFilename(name);
  return contentDisposition(filename, { type, fallback: asciiFallback(filename) });
}

/** `<subject>.eml` for a raw download; falls back to the UID. */
export function emlFilename(subject: string, uid: number): string {
  const base = subject.replace(NOT_IN_FILE_NAMES, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
  return `${base || `message-${uid}`}.eml`;
}
