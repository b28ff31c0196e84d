import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { TextPart } from './bodystructure.ts';
import { clip, decodeTransferEncoding, previewFromPart } from './preview.ts';

const part = (p: Partial<TextPart>): TextPart => ({
  part: '1',
  type: 'text/plain',
  encoding: '7bit',
  charset: 'utf-8',
  ...p,
});

describe('decodeTransferEncoding', () => {
  it('decodes quoted-printable and drops an escape cut by the byte range', () => {
    expect(decodeTransferEncoding(Buffer.from('Caf=C3=A9 soft=\r\nbreak =C3'), 'quoted-printable').toString()).toMatch(
      /^Café softbreak /,
    );
    expect(decodeTransferEncoding(Buffer.from('abc=E'), 'quoted-printable').toString()).toBe('abc');
  });

  it('decodes base64 across line breaks and ignores a partial quantum', () => {
    const b64 = Buffer.from('안녕하세요 반갑습니다').toString('base64');
    const wrapped = `${b64.slice(0, 10)}\r\n${b64.slice(10)}`;
    expect(decodeTransferEncoding(Buffer.from(wrapped), 'base64').toString()).toBe('안녕하세요 반갑습니다');
    expect(decodeTransferEncoding(Buffer.from(b64.slice(0, 7)), 'base64')).toHaveLength(3);
  });
});

describe('previewFromPart', () => {
  it('reads EUC-KR text in base64', () => {
    const raw = Buffer.from(iconv.encode('가정통신문: 다음 주 현장학습 안내', 'euc-kr').toString('base64'));
    expect(previewFromPart(raw, part({ encoding: 'base64', charset: 'euc-kr' }))).toBe(
      '가정통신문: 다음 주 현장학습 안내',
    );
  });

  it('treats ks_c_5601-1987 (Outlook’s name for it) like EUC-KR, and an unknown charset as UTF-8', () => {
    const raw = iconv.encode('학부모 공지', 'euc-kr');
    expect(previewFromPart(raw, part({ encoding: '8bit', charset: 'ks_c_5601-1987' }))).toBe('학부모 공지');
    expect(previewFromPart(Buffer.from('héllo'), part({ charset: 'x-unknown' }))).toBe('héllo');
  });

  it('drops a UTF-8 character cut in half at the end of the range', () => {
    const bytes = Buffer.from('반갑습니다');
    expect(previewFromPart(bytes.subarray(0, bytes.length - 1), part({ encoding: '8bit' }))).toBe('반갑습니');
  });

  it('strips HTML: head, style, script, tags, entities, a tag cut at the end', () => {
    const html =
      '<html><head><title>T</title><style>p{color:red}</style></head><body><script>alert(1)</script><h1>Hello</h1><p>Tom &amp; Jerry&nbsp;<b>say</b> hi <img src="x.png" alt="pic"> <a href="https://e.test/x">link</a></p><p>more <a hr';
    expect(previewFromPart(Buffer.from(html), part({ type: 'text/html' }))).toBe('Hello Tom & Jerry say hi link more');
  });

  it('decodes quoted-printable HTML in UTF-8', () => {
    const raw = Buffer.from('<p>=EC=95=88=EB=85=95 <i>world</i></p>');
    expect(previewFromPart(raw, part({ type: 'text/html', encoding: 'quoted-printable' }))).toBe('안녕 world');
  });

  it('collapses whitespace and clips to 100 characters', () => {
    const long = `line one\r\n\r\n\tline   two ${'가'.repeat(200)}`;
    const p = previewFromPart(Buffer.from(long), part({}));
    expect(p.startsWith('line one line two 가')).toBe(true);
    expect(Array.from(p)).toHaveLength(100);
    expect(clip('😀'.repeat(150), 100)).toBe('😀'.repeat(100));
  });
});
