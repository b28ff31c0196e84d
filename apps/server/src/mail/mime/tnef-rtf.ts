import { decompressRTF } from '@kenjiuno/decompressrtf';
import iconv from 'iconv-lite';
import { deEncapsulateSync, Tokenize } from 'rtf-stream-parser';
import { ToPlainText } from 'rtf-stream-parser/dist/src/ToPlainText.js';

/**
 * Compressed RTF (PR_RTF_COMPRESSED) larger than this is not decoded: LZFu expands up to ~8.5 times and the
 * decompressor builds a JS array of numbers, so 1 MiB in is at most ~9 M entries out.
 */
export const RTF_COMPRESSED_MAX_BYTES = 1024 * 1024;

const LZFU = 0x75465a4c;
const MELA = 0x414c454d;

const decode = (buf: Buffer, enc: string): string =>
  iconv.encodingExists(enc) ? iconv.decode(buf, enc) : buf.toString('latin1');

/** The RTF inside PR_RTF_COMPRESSED, or null when it is not LZFu/MELA or too large. The header's sizes are clamped. */
export function decompressRtf(data: Buffer): string | null {
  if (data.length < 16 || data.length > RTF_COMPRESSED_MAX_BYTES) return null;
  const kind = data.readUInt32LE(8);
  if (kind !== LZFU && kind !== MELA) return null;
  // the decompressor reads as far as the header's size says (zeros past the end): hold it to the bytes we have
  const input = Buffer.from(data);
  input.writeUInt32LE(Math.min(input.readUInt32LE(0), input.length - 4), 0);
  input.writeUInt32LE(Math.min(input.readUInt32LE(4), input.length - 16), 4);
  try {
    return Buffer.from(decompressRTF(input as unknown as number[])).toString('latin1');
  } catch {
    return null;
  }
}

/** Plain text of RTF that does not wrap HTML or text (rtf-stream-parser's tokenizer and plain-text pass). */
function rtfToText(rtf: Buffer): string {
  const out: string[] = [];
  const fail = (err?: unknown) => {
    if (err) throw err;
  };
  const tokens = new Tokenize();
  const text = new ToPlainText({ decode });
  tokens.push = (token: Parameters<ToPlainText['_transform']>[0]) => {
    text._transform(token, 'utf8', fail);
    return true;
  };
  text.push = (piece: unknown) => {
    out.push(String(piece));
    return true;
  };
  tokens._transform(rtf, undefined, fail);
  tokens._flush(fail);
  text._flush(fail);
  return out.join('');
}

/**
 * The body an Outlook TNEF carries only as compressed RTF: the HTML or text it wraps (`\fromhtml`, `\fromtext`),
 * else the RTF's plain text. Null when it cannot be read. CPU-bound on sender bytes: runs in the reading workers.
 */
export function rtfBody(compressed: Buffer): { html: string | null; text: string | null } | null {
  const rtf = decompressRtf(compressed);
  if (!rtf || !rtf.startsWith('{\\rtf')) return null;
  const bytes = Buffer.from(rtf, 'latin1');
  try {
    const { mode, text } = deEncapsulateSync(bytes, { decode, mode: 'either' });
    return mode === 'html' ? { html: String(text), text: null } : { html: null, text: String(text) };
  } catch {
    // not encapsulated: Outlook's own rich text
  }
  try {
    return { html: null, text: rtfToText(bytes) };
  } catch {
    return null;
  }
}
