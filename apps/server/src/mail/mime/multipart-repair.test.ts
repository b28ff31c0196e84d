import { describe, expect, it } from 'vitest';
import { repairMultipart } from './multipart-repair.ts';

const mail = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'), 'latin1');
const head = (b: Buffer) => b.toString('latin1').split('\r\n\r\n')[0];

describe('repairMultipart', () => {
  it('names the delimiter the body really uses, keeping the original header under another name', () => {
    const fixed = repairMultipart(mail('Subject: x\nContent-Type: multipart/mixed\n\n--real\n\nbody\n--real--\n'))!;
    expect(head(fixed)).toBe(
      'Subject: x\r\nX-Pigeon-Original-Content-Type: multipart/mixed\r\nContent-Type: multipart/mixed; boundary="real"',
    );
    expect(fixed.toString('latin1')).toContain('\r\n\r\n--real\r\n\r\nbody');
  });

  it('reads a multipart with no delimiter at all as plain text in its charset', () => {
    const fixed = repairMultipart(mail('Content-Type: multipart/mixed; boundary=b; charset=euc-kr\n\njust text\n'))!;
    expect(head(fixed)).toContain('Content-Type: text/plain; charset="euc-kr"');
  });

  it('leaves alone what is fine or not multipart, and unsafe boundary characters', () => {
    expect(repairMultipart(mail('Content-Type: multipart/mixed; boundary=b\n\n--b\n\nx\n--b--\n'))).toBeNull();
    expect(repairMultipart(mail('Content-Type: text/plain\n\nx\n'))).toBeNull();
    expect(repairMultipart(mail('Subject: no body separator'))).toBeNull();
    const quote = repairMultipart(mail('Content-Type: multipart/mixed\n\n--a"b\n\nx\n'))!;
    expect(head(quote)).toContain('Content-Type: text/plain');
  });
});
