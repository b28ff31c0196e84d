import { create as contentDisposition } from 'content-disposition';

/** A file name safe to send: no path, no control characters, not empty. */
export function safeFilename(name: string, fallback = 'download'): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const base = name.replace(/[\u0000-\u001f\u007f]/g, '').split(/[/\\]/).pop() ?? '';
  const trimmed = base.trim().replace(/^\.+/, '');
  return trimmed || fallback;
}

/** ASCII stand-in for old clients: accents stripped, other non-ASCII and quotes become "_" (the extension survives). */
export function asciiFallback(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\%]/g, '_');
}

/** `attachment; filename="ascii"; filename*=UTF-8''<percent-encoded>` (RFC 6266), or `inline`. */
export function dispositionHeader(name: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const filename = safeFilename(name);
  return contentDisposition(filename, { type, fallback: asciiFallback(filename) });
}

/** `<subject>.eml` for a raw download; falls back to the UID. */
export function emlFilename(subject: string, uid: number): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const base = subject.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
  return `${base || `message-${uid}`}.eml`;
}
