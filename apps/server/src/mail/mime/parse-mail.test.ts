import { MailParser } from 'mailparser';
import { describe, expect, it, vi } from 'vitest';
import { parseMail } from './parse-mail.ts';

const mail = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'), 'utf8');

describe('parseMail', () => {
  it('parses headers and a plain body without turning text into HTML', async () => {
    const parsed = await parseMail(mail('From: a@example.com\nSubject: Hi\n\nhello\n'));
    expect(parsed.subject).toBe('Hi');
    expect(parsed.text).toBe('hello\n');
    expect(parsed.html).toBeFalsy();
  });

  it('keeps cid: links unless asked not to', async () => {
    const src = mail(
      [
        'From: a@example.com',
        'Content-Type: multipart/related; boundary=b',
        '',
        '--b',
        'Content-Type: text/html',
        '',
        '<img src="cid:x@y">',
        '--b',
        'Content-Type: image/png',
        'Content-ID: <x@y>',
        'Content-Transfer-Encoding: base64',
        '',
        'iVBORw0KGgo=',
        '--b--',
        '',
      ].join('\n'),
    );
    expect((await parseMail(src)).html).toContain('cid:x@y');
    expect((await parseMail(src, { keepCidLinks: false })).html).toContain('data:image/png;base64');
  });

  it('rejects, instead of hanging, when setting up a part throws inside the parser', async () => {
    const internals = MailParser.prototype as unknown as { createNode: (node: unknown) => unknown };
    const spy = vi.spyOn(internals, 'createNode').mockImplementationOnce(() => {
      throw new TypeError('a charset that is not a string');
    });
    try {
      await expect(parseMail(mail('From: a@example.com\nSubject: Hi\n\nhello\n'))).rejects.toThrow(/charset/);
    } finally {
      spy.mockRestore();
    }
  });
});
