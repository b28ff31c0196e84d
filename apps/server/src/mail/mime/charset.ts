import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';
import libmime from 'libmime';

// Decoding of text in the charsets mail really uses. mailparser/libmime cover most of them through
// iconv-lite and encoding-japanese; these are the gaps filled here (see docs/decisions/012-difficult-mime.md):
// ISO-2022-KR (iconv-lite has no codec), UTF-7 (libmime refuses it on purpose; safe for us because
// decoded text is escaped or sanitized after decoding, never handed to a browser as UTF-7).

const UTF8 = /^(?:utf-?8|(?:us-?)?ascii|7bit|8bit)$/i;
// labels that declare nothing about 8-bit bytes: ASCII (the MIME default) and our marker for "no charset at all"
const UNDECLARED_LABEL = /^(?:(?:us-?)?ascii|7bit|8bit|x-undeclared)$/i;
/** Body charset label for a text part that names none (mailparser would otherwise read it as UTF-8 unchecked). */
export const UNDECLARED = 'x-undeclared';
const UTF7 = /^(?:(?:cs)?unicode-?1-?1-?)?utf-?7$/i;
/**
 * Body charset label for a UTF-7 text part: mailparser refuses the name UTF-7 before it asks its Iconv hook, so the
 * parser is told this one instead (decoded text is always sanitized or escaped afterwards, see decision 012).
 */
export const UTF7_BODY = 'x-pigeon-utf-7';
const ISO2022KR = /^(?:cs)?iso-?2022-?kr$/i;
const JAPANESE = /^(?:jis|iso-?2022-?jp|euc-?jp|cseucpkdfmtjapanese)/i;
// Korean names that iconv-lite knows only as its CP949 superset under another name
const KOREAN =
  /^(?:ks_c_5601-1987|ks_c_5601|ksc5601|ksc_5601|ks_c_5601-1989|korean|csksc56011987|x-windows-949|windows-949|uhc|euc-?kr|cseuckr|cp-?949|ms949)$/i;

/** The canonical name a charset label stands for (`ks_c_5601-1987` → `CP949`), or '' for none. */
export function charsetName(label: string | undefined | null): string {
  const raw = (label ?? '').trim().replace(/^["']|["']$/g, '');
  if (!raw) return '';
  if (UTF8.test(raw)) return 'UTF-8';
  if (UTF7.test(raw) || raw.toLowerCase() === UTF7_BODY) return 'UTF-7';
  if (ISO2022KR.test(raw)) return 'ISO-2022-KR';
  if (KOREAN.test(raw)) return 'CP949';
  return libmime.normalizeCharset(raw);
}

/** True when decodeText knows the charset (everything else is read as UTF-8). */
export function isKnownCharset(label: string): boolean {
  const name = charsetName(label);
  return name === 'UTF-8' || name === 'ISO-2022-KR' || JAPANESE.test(name) || iconv.encodingExists(name);
}

const ESC = 0x1b;
const SO = 0x0e;
const SI = 0x0f;

/** RFC 1557: ESC $ ) C announces KS C 5601; SO/SI switch between it (7-bit EUC-KR) and ASCII. */
export function decodeIso2022Kr(bytes: Uint8Array): string {
  const out = Buffer.alloc(bytes.length);
  let n = 0;
  let korean = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === ESC && bytes[i + 1] === 0x24 && bytes[i + 2] === 0x29 && bytes[i + 3] === 0x43) {
      i += 3;
    } else if (b === SO) {
      korean = true;
    } else if (b === SI || b === 0x0a || b === 0x0d) {
      // a line end ends the shift as well (RFC 1557 wants SI first; not every sender does)
      if (b !== SI) out[n++] = b;
      korean = false;
    } else if (korean && b > 0x20 && b < 0x7f) {
      out[n++] = b | 0x80;
    } else {
      out[n++] = b;
    }
  }
  return iconv.decode(out.subarray(0, n), 'cp949');
}

const fatalUtf8Decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * 8-bit text under no charset or ASCII (Korean webmail often sends EUC-KR so): UTF-8 when it is valid UTF-8,
 * else CP949 when that decodes without errors, else windows-1252.
 */
export function decodeUndeclared(buf: Buffer): string {
  try {
    return fatalUtf8Decoder.decode(buf);
  } catch {
    const korean = iconv.decode(buf, 'cp949');
    return korean.includes('\ufffd') ? iconv.decode(buf, 'windows-1252') : korean;
  }
}

/**
 * Text from bytes in `charset` (any label mail uses). An unknown charset reads as UTF-8; a missing or ASCII one as
 * decodeUndeclared.
 */
export function decodeText(bytes: Uint8Array, charset: string | undefined | null): string {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const label = (charset ?? '').trim().replace(/^["']|["']$/g, '');
  if (!label || UNDECLARED_LABEL.test(label)) return decodeUndeclared(buf);
  const name = charsetName(charset);
  if (!name || name === 'UTF-8') return buf.toString('utf8');
  if (name === 'ISO-2022-KR') return decodeIso2022Kr(buf);
  if (name === 'UTF-7') return iconv.decode(buf, 'utf7');
  if (JAPANESE.test(name)) {
    const from = /^euc/i.test(name) ? 'EUCJP' : 'JIS';
    return Encoding.convert(buf, { to: 'UNICODE', from, type: 'string' });
  }
  if (iconv.encodingExists(name)) return iconv.decode(buf, name);
  return buf.toString('utf8');
}

// multi-byte legacy charsets whose raw 8-bit header bytes are worth reading again
const LEGACY_MULTIBYTE = /^(?:CP949|SHIFT_JIS|CP932|WINDOWS-31J|EUC-JP|GB2312|GBK|GB18030|BIG5|BIG5-HKSCS)$/i;
const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Header text that came as raw 8-bit bytes (no encoded words) and was read one byte per character
 * ("ÇÑ±Û.pdf"): read again as UTF-8, else in the first of the message's own multi-byte charsets that
 * decodes it without errors. Anything else is returned unchanged.
 */
export function repairRawHeaderText(text: string, charsets: readonly string[]): string {
  if (!/[\u0080-\u00ff]/.test(text) || [...text].some((c) => c.charCodeAt(0) > 0xff)) return text;
  const bytes = Buffer.from(text, 'latin1');
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    // not UTF-8: try the message's charsets
  }
  for (const label of charsets) {
    const name = charsetName(label);
    if (!LEGACY_MULTIBYTE.test(name)) continue;
    const decoded = decodeText(bytes, name);
    if (!decoded.includes('\ufffd')) return decoded;
  }
  return text;
}

const ISO2022KR_DESIGNATOR = '\x1b$)C';

/**
 * Header text decoded by a library without ISO-2022-KR (imapflow's ENVELOPE): its encoded words come out as the
 * raw 7-bit bytes, designator included, so each such run is decoded again. Other text is returned unchanged.
 */
export function repairIso2022KrText(text: string): string {
  let at = text.indexOf(ISO2022KR_DESIGNATOR);
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    let end = at;
    while (end < text.length && text.charCodeAt(end) < 0x80) end++;
    out += text.slice(from, at) + decodeIso2022Kr(Buffer.from(text.slice(at, end), 'latin1'));
    from = end;
    at = text.indexOf(ISO2022KR_DESIGNATOR, end);
  }
  return out + text.slice(from);
}
