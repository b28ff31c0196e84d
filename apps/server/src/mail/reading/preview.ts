import { decodeText } from '../mime/charset.ts';
import { compile } from 'html-to-text';
import libqp from 'libqp';
import type { TextPart } from './bodystructure.ts';

export const PREVIEW_CHARS = 100;

/** Bytes to fetch for a preview (BODY.PEEK[part]<0.n>): HTML spends its first kilobytes on <head> and CSS. */
export const previewFetchBytes = (part: TextPart) => (part.type === 'text/html' ? 8192 : 2048);

/** Undoes a Content-Transfer-Encoding on a prefix of the part: a cut-off base64 quantum or QP escape is dropped. */
export function decodeTransferEncoding(raw: Buffer, encoding: string): Buffer {
  const enc = encoding.toLowerCase();
  if (enc === 'base64') {
    const b64 = raw.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, '');
    return Buffer.from(b64.slice(0, b64.length - (b64.length % 4)), 'base64');
  }
  if (enc === 'quoted-printable') {
    return libqp.decode(raw.toString('latin1').replace(/=[0-9A-Fa-f]?$/, ''));
  }
  return raw;
}

/** Decodes bytes in a MIME charset (EUC-KR, ISO-2022-KR/JP, windows-1252, ...); unknown charsets read as UTF-8. */
export function decodeCharset(bytes: Buffer, charset: string): string {
  return decodeText(bytes, charset);
}

const htmlConverter = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
  ],
});

/** Text of an HTML fragment, without tags, images and link targets. */
export const htmlToText = (html: string): string => htmlConverter(html);

/** Collapses whitespace and cuts to `max` characters (by code point, so no half surrogate pair). */
export function clip(text: string, max = PREVIEW_CHARS): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(collapsed);
  return chars.length <= max ? collapsed : chars.slice(0, max).join('').trimEnd();
}

/** Preview text from the first bytes of a text part (BODY.PEEK[part]<0.n>). Pure. */
export function previewFromPart(raw: Buffer, part: TextPart, max = PREVIEW_CHARS): string {
  let text = decodeCharset(decodeTransferEncoding(raw, part.encoding), part.charset);
  text = text.replace(/\uFFFD+$/, ''); // a multi-byte character cut by the byte range
  if (part.type === 'text/html') text = htmlToText(text.replace(/<[^>]*$/, ''));
  return clip(text, max);
}
