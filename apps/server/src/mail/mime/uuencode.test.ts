import { describe, expect, it } from 'vitest';
import { extractUuencoded } from './uuencode.ts';

// `uuencode` output for "hello\n" (name hello.txt) and for 0..99 as bytes
const HELLO = ['begin 644 hello.txt', '&:&5L;&\\*', '`', 'end'];

function uu(bytes: Buffer): string[] {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 45) {
    const chunk = bytes.subarray(i, i + 45);
    let line = String.fromCharCode(32 + chunk.length);
    for (let k = 0; k < chunk.length; k += 3) {
      const [a = 0, b = 0, c = 0] = chunk.subarray(k, k + 3);
      for (const v of [a >> 2, ((a & 3) << 4) | (b >> 4), ((b & 15) << 2) | (c >> 6), c & 63]) {
        line += String.fromCharCode(v === 0 ? 96 : v + 32);
      }
    }
    lines.push(line);
  }
  return lines;
}

describe('extractUuencoded', () => {
  it('takes a uuencoded file out of the body and keeps the text around it', () => {
    const { text, files } = extractUuencoded(['See attached', '', ...HELLO, '', 'bye'].join('\r\n'));
    expect(files).toEqual([{ filename: 'hello.txt', content: Buffer.from('hello\n') }]);
    expect(text).toBe('See attached\n\n\nbye');
  });

  it('decodes several files of many lines, names with spaces and Korean', () => {
    const bytes = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
    const body = [
      'begin 600 data.bin',
      ...uu(bytes),
      '`',
      'end',
      'begin 644 보고서 3월.txt',
      ...uu(Buffer.from('보고서')),
      '`',
      'end',
    ];
    const { files } = extractUuencoded(body.join('\n'));
    expect(files.map((f) => f.filename)).toEqual(['data.bin', '보고서 3월.txt']);
    expect(files[0]!.content.equals(bytes)).toBe(true);
    expect(files[1]!.content.toString()).toBe('보고서');
  });

  it('leaves text alone that only looks like the start of a block', () => {
    const talk = 'begin 644 is how a file starts\nthis line is prose, not uuencode at all, and it is long enough\nend';
    expect(extractUuencoded(talk)).toEqual({ text: talk, files: [] });
    const unterminated = ['begin 644 a.txt', '&:&5L;&\\*'].join('\n');
    expect(extractUuencoded(unterminated)).toEqual({ text: unterminated, files: [] });
  });
});
