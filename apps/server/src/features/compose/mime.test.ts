import { describe, expect, it } from 'vitest';
import { simpleParser } from 'mailparser';
import type { ComposeDraft } from '@pigeon/shared';
import { buildMessage, inlineImages, withoutBcc } from './mime.ts';

const ID = '0b5c3f5e-4f6e-4a4e-9d59-2f7f6f0c1a11';
const ACCOUNT = '3f2b6c1e-8d4a-4e5f-9a7b-1c2d3e4f5a6b';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

const draft = (over: Partial<ComposeDraft> = {}): ComposeDraft => ({
  draftId: '7d1f9c6e-1b9f-4a51-8f3e-7b0d7c1b9a20',
  identityId: null,
  to: [{ name: 'Bob', address: 'bob@school.test' }],
  cc: [{ name: '', address: 'carol@school.test' }],
  bcc: [{ name: '', address: 'dave@school.test' }],
  subject: '현장 학습 안내',
  format: 'html',
  html: `<p>Hello <b>Bob</b></p><img src="/api/accounts/${ACCOUNT}/compose/attachments/${ID}">`,
  text: '',
  attachments: [{ id: ID, filename: 'dot.png', contentType: 'image/png', size: PNG.length, inline: true }],
  inReplyTo: '<parent@school.test>',
  references: ['<root@school.test>', '<parent@school.test>'],
  source: null,
  ...over,
});

describe('buildMessage', () => {
  it('writes text + HTML alternatives, cid images, threading headers, and keeps Bcc for the Sent copy only', async () => {
    const files = new Map([[ID, { filename: 'dot.png', contentType: 'image/png', content: PNG }]]);
    const built = await buildMessage({
      draft: draft(),
      from: { name: 'Alice', email: 'alice@school.test' },
      replyTo: null,
      files,
      messageId: '<fixed@school.test>',
      date: new Date('2026-03-02T10:00:00Z'),
    });
    expect(built.envelope).toEqual({
      from: 'alice@school.test',
      to: ['bob@school.test', 'carol@school.test', 'dave@school.test'],
    });
    const parsed = await simpleParser(built.raw, { keepCidLinks: true });
    expect(parsed.messageId).toBe('<fixed@school.test>');
    expect(parsed.subject).toBe('현장 학습 안내');
    expect(parsed.inReplyTo).toBe('<parent@school.test>');
    expect(parsed.references).toEqual(['<root@school.test>', '<parent@school.test>']);
    expect(parsed.text?.trim()).toContain('Hello Bob');
    expect(parsed.html).toContain(`cid:${ID}@pigeon`);
    expect(parsed.attachments[0]).toMatchObject({ cid: `${ID}@pigeon`, contentType: 'image/png' });
    expect(parsed.attachments[0]!.content.equals(PNG)).toBe(true);
    expect(built.raw.toString()).toMatch(/^Bcc: dave@school.test\r$/m);

    const sent = await simpleParser(withoutBcc(built.raw));
    expect(sent.bcc).toBeUndefined();
    expect(sent.messageId).toBe('<fixed@school.test>');
    expect(withoutBcc(built.raw).length).toBe(built.raw.length - 'Bcc: dave@school.test\r\n'.length);
  });

  it('gives an attached (not inline) file a stable Content-ID and keeps it an attachment, outside multipart/related', async () => {
    const PDF = Buffer.from('%PDF-1.4 test');
    const built = await buildMessage({
      draft: draft({
        attachments: [
          { id: ID, filename: 'plan.pdf', contentType: 'application/pdf', size: PDF.length, inline: false },
        ],
        html: '<p>See attached</p>',
      }),
      from: { name: '', email: 'a@s.t' },
      replyTo: null,
      files: new Map([[ID, { filename: 'plan.pdf', contentType: 'application/pdf', content: PDF }]]),
      messageId: '<c@s.t>',
      date: new Date(),
    });
    expect(built.raw.toString()).not.toMatch(/multipart\/related/i);
    const parsed = await simpleParser(built.raw);
    expect(parsed.attachments[0]).toMatchObject({ cid: `${ID}@pigeon`, contentDisposition: 'attachment' });
    expect(parsed.attachments[0]!.content.equals(PDF)).toBe(true);
  });

  it('plain format sends text/plain only', async () => {
    const built = await buildMessage({
      draft: draft({ format: 'plain', text: 'just text', attachments: [] }),
      from: { name: '', email: 'a@s.t' },
      replyTo: 'r@s.t',
      files: new Map(),
      messageId: '<p@s.t>',
      date: new Date(),
    });
    const parsed = await simpleParser(built.raw);
    expect(parsed.html).toBe(false);
    expect(parsed.text?.trim()).toBe('just text');
    expect(parsed.replyTo?.text).toBe('r@s.t');
  });
});

describe('withoutBcc', () => {
  it('drops a folded Bcc and nothing in the body', () => {
    const raw = Buffer.from('To: a@b\r\nBcc: x@y,\r\n z@w\r\nSubject: s\r\n\r\nBcc: not a header\r\n');
    expect(withoutBcc(raw).toString()).toBe('To: a@b\r\nSubject: s\r\n\r\nBcc: not a header\r\n');
  });

  it('drops a Bcc that is the last header line, with LF line breaks too, and keeps a body of any size as it is', () => {
    const body = Buffer.concat([Buffer.from('Bcc: body\n\n'), Buffer.alloc(3 * 1024 * 1024, 0xe9)]);
    const lf = Buffer.concat([Buffer.from('To: a@b\nBcc: x@y\n\n'), body]);
    expect(withoutBcc(lf).equals(Buffer.concat([Buffer.from('To: a@b\n\n'), body]))).toBe(true);
    const crlf = Buffer.concat([Buffer.from('To: a@b\r\nBcc: x@y\r\n\r\n'), body]);
    expect(withoutBcc(crlf).equals(Buffer.concat([Buffer.from('To: a@b\r\n\r\n'), body]))).toBe(true);
  });

  it('treats a message without an empty line as all header', () => {
    expect(withoutBcc(Buffer.from('To: a@b\r\nBcc: x@y\r\n')).toString()).toBe('To: a@b\r\n');
    expect(withoutBcc(Buffer.from('\r\n\r\nBcc: x@y')).toString()).toBe('\r\n\r\nBcc: x@y');
  });
});

describe('inlineImages', () => {
  it('rewrites only the app’s attachment URLs', () => {
    const { html, used } = inlineImages(
      `<img alt="x" src="http://127.0.0.1:8080/api/compose/attachments/${ID}"><img src="https://evil.example/a.png">`,
    );
    expect(html).toBe(`<img alt="x" src="cid:${ID}@pigeon"><img src="https://evil.example/a.png">`);
    expect([...used]).toEqual([ID]);
  });

  it('rewrites an account’s attachment URLs, not a path that only looks like one', () => {
    const { html, used } = inlineImages(
      `<img src="/api/accounts/${ACCOUNT}/compose/attachments/${ID}"><img src="/api/accounts/x/compose/attachments/${ID}">`,
    );
    expect(html).toBe(`<img src="cid:${ID}@pigeon"><img src="/api/accounts/x/compose/attachments/${ID}">`);
    expect([...used]).toEqual([ID]);
  });
});
