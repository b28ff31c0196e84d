import { headerWords } from './header-words.ts';

// A multipart message whose boundary parameter is missing or wrong parses to nothing. This finds the
// delimiter the body really uses and gives back a source that names it, or, with no delimiter at all,
// one that reads the body as plain text. Only the first bytes are scanned; nothing here is a regex over
// the whole message.

const HEAD_SCAN = 256 * 1024;
const BODY_SCAN = 256 * 1024;
// RFC 2046 bchars, 1..70 of them
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{1,70}$/;

function headerEnd(source: Buffer): { end: number; sep: number } | null {
  const head = source.subarray(0, HEAD_SCAN);
  const crlf = head.indexOf('\r\n\r\n');
  const lf = head.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { end: crlf, sep: 4 };
  if (lf >= 0) return { end: lf, sep: 2 };
  return null;
}

/** The root Content-Type header, unfolded, from a header block (Latin-1 string). */
function rootContentType(lines: string[]): string | null {
  for (let i = 0; i < lines.length; i++) {
    if (!/^content-type\s*:/i.test(lines[i]!)) continue;
    let value = lines[i]!.slice(lines[i]!.indexOf(':') + 1);
    for (let j = i + 1; j < lines.length && /^[ \t]/.test(lines[j]!); j++) value += ' ' + lines[j]!.trim();
    return value.trim();
  }
  return null;
}

/** A source mailparser can split, for a multipart message whose boundary does not match its body; else null. */
export function repairMultipart(source: Buffer): Buffer | null {
  const split = headerEnd(source);
  if (!split) return null;
  const head = source.subarray(0, split.end).toString('latin1');
  const lines = head.split(/\r?\n/);
  const contentType = rootContentType(lines);
  if (!contentType) return null;
  const parsed = headerWords.parseHeaderValue(contentType);
  if (!/^multipart\//i.test(parsed.value)) return null;
  const declared = parsed.params.boundary;
  const body = source.subarray(split.end + split.sep);
  let found: string | null = null;
  for (const line of body.subarray(0, BODY_SCAN).toString('latin1').split(/\r?\n/)) {
    if (!line.startsWith('--')) continue;
    const candidate = line.slice(2).trimEnd().replace(/--$/, '');
    if (BOUNDARY.test(candidate)) {
      found = candidate;
      break;
    }
  }
  if (found !== null && found === declared) return null;
  const kept = lines.map((l) => (/^content-type\s*:/i.test(l) ? `X-Pigeon-Original-${l}` : l));
  const type =
    found !== null
      ? `${parsed.value.toLowerCase()}; boundary="${found}"`
      : `text/plain${parsed.params.charset ? `; charset="${parsed.params.charset.replace(/"/g, '')}"` : ''}`;
  return Buffer.concat([Buffer.from(`${kept.join('\r\n')}\r\nContent-Type: ${type}\r\n\r\n`, 'latin1'), body]);
}
