import libmime from 'libmime';
import { decodeText } from './charset.ts';

/**
 * libmime's header decoding (RFC 2047 words, RFC 2231 parameters, joining of split words) with
 * decodeText for the charset step, so UTF-7, ISO-2022-KR and the Korean aliases decode in headers.
 */
export class HeaderWords extends libmime.Libmime {
  override decodeWord(charset: string, encoding: string, str: string): string {
    const star = charset.indexOf('*'); // RFC 2231 language tag: ignored
    // iconv-lite's "binary" maps each byte to one code point (libmime reads "latin1" as windows-1252)
    const bytes = Buffer.from(super.decodeWord('binary', encoding, str), 'latin1');
    return decodeText(bytes, star >= 0 ? charset.slice(0, star) : charset);
  }
}

export const headerWords = new HeaderWords();

/** A header value with its encoded words decoded (`=?UTF-7?Q?+VMhZfQ-?=` → `哈好`). */
export function decodeHeaderWords(value: string): string {
  try {
    return headerWords.decodeWords(value);
  } catch {
    return value;
  }
}
