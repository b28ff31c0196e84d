import { describe, expect, it } from 'vitest';
import { decodeTnef } from './tnef.ts';
import { decompressRtf, rtfBody, RTF_COMPRESSED_MAX_BYTES } from './tnef-rtf.ts';

/** LZFu made only of literal runs (a control byte 0, then 8 bytes): valid compressed RTF, no dictionary used. */
function lzfuLiterals(rtf: string): Buffer {
  const raw = Buffer.from(rtf, 'latin1');
  const body: number[] = [];
  for (let i = 0; i < raw.length; i += 8) body.push(0, ...raw.subarray(i, i + 8));
  const header = Buffer.alloc(16);
  header.writeUInt32LE(12 + body.length, 0);
  header.writeUInt32LE(raw.length, 4);
  header.writeUInt32LE(0x75465a4c, 8); // 'LZFu'
  return Buffer.concat([header, Buffer.from(body)]);
}

/** A TNEF stream whose message properties hold one PR_RTF_COMPRESSED value. */
function tnefWithRtf(compressed: Buffer): Buffer {
  const pad = Buffer.alloc((4 - (compressed.length % 4)) % 4);
  const props = Buffer.alloc(16);
  props.writeUInt32LE(1, 0); // one property
  props.writeUInt16LE(0x0102, 4); // PT_BINARY
  props.writeUInt16LE(0x1009, 6); // PR_RTF_COMPRESSED
  props.writeUInt32LE(1, 8); // one value
  props.writeUInt32LE(compressed.length, 12);
  const data = Buffer.concat([props, compressed, pad]);
  const attr = Buffer.alloc(9);
  attr[0] = 1; // message level
  attr.writeUInt32LE(0x00069003, 1); // attMAPIProps
  attr.writeUInt32LE(data.length, 5);
  return Buffer.concat([Buffer.from([0x78, 0x9f, 0x3e, 0x22, 0, 0]), attr, data, Buffer.alloc(2)]);
}

const WRAPPED_HTML =
  '{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss Arial;}}' +
  "{\\*\\htmltag19 <html>}{\\*\\htmltag34 <body>}{\\*\\htmltag64 <p>}\\htmlrtf {\\htmlrtf0 Caf\\'e9 au lait" +
  '{\\*\\htmltag84 <script>alert(1)</script>}\\htmlrtf }\\htmlrtf0 {\\*\\htmltag72 </p>}' +
  '{\\*\\htmltag35 </body>}{\\*\\htmltag27 </html>}}';

describe('compressed RTF in TNEF', () => {
  it('gives the HTML Outlook wrapped in RTF (sanitized later like any HTML body)', () => {
    const tnef = decodeTnef(tnefWithRtf(lzfuLiterals(WRAPPED_HTML)))!;
    expect(tnef.html).toContain('<p>Café au lait');
    expect(tnef.html).toContain('</html>');
  });

  it("gives the plain text of Outlook's own rich text", () => {
    const body = rtfBody(
      lzfuLiterals('{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times;}}\\f0 Hello \\b world\\b0.\\par Next line}'),
    );
    expect(body?.html).toBeNull();
    expect(body?.text).toContain('Hello world.');
    expect(body?.text).toContain('Next line');
  });

  it('reads the uncompressed (MELA) form, and refuses lying or oversized input', () => {
    const rtf = '{\\rtf1 plain}';
    const mela = Buffer.concat([Buffer.alloc(16), Buffer.from(rtf, 'latin1')]);
    mela.writeUInt32LE(12 + rtf.length, 0);
    mela.writeUInt32LE(rtf.length, 4);
    mela.writeUInt32LE(0x414c454d, 8);
    expect(decompressRtf(mela)).toBe(rtf);
    // a header claiming 2 GB of compressed bytes decodes only what is there
    const lying = lzfuLiterals('{\\rtf1 short}');
    lying.writeUInt32LE(0x7fffffff, 0);
    expect(decompressRtf(lying)).toBe('{\\rtf1 short}');
    expect(decompressRtf(Buffer.alloc(RTF_COMPRESSED_MAX_BYTES + 1))).toBeNull();
    expect(decompressRtf(Buffer.from('not rtf at all, sixteen+ bytes'))).toBeNull();
    expect(rtfBody(lzfuLiterals('no rtf here'))).toBeNull();
  });
});
