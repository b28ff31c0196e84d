import { describe, expect, it } from 'vitest';
import { renderReading } from './render-reading.ts';

const raw = [
  'From: =?UTF-8?B?6rmA7ISg7IOd?= <kim@school.test>',
  'To: Parents: a@school.test, b@school.test;',
  'Cc: =?EUC-KR?B?yKux5rW/?= <hong@school.test>',
  'Reply-To: office@school.test',
  'Subject: test',
  'Message-ID: <m1@school.test>',
  'In-Reply-To: <m0@school.test>',
  'References: <r1@school.test> <m0@school.test>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>Hello <b>world</b> <img src="cid:logo"></p>',
  '--b',
  'X-Pigeon-Part: 2',
  'Content-Type: application/pdf',
  "Content-Disposition: attachment; filename*=UTF-8''%EA%B0%80%EC%A0%95%ED%86%B5%EC%8B%A0%EB%AC%B8.pdf",
  'Content-Transfer-Encoding: base64',
  '',
  'JVBERi0xLjQK',
  '--b',
  'Content-Type: image/png; name="=?UTF-8?B?66Gc6rOgLnBuZw==?="',
  'Content-ID: <logo>',
  'Content-Disposition: inline',
  'Content-Transfer-Encoding: base64',
  '',
  'iVBORw0KGgo=',
  '--b--',
  '',
].join('\r\n');

describe('renderReading', () => {
  it('maps a parsed message: addresses (groups flattened), ids, text, attachments with RFC 2231 / RFC 2047 names', async () => {
    const r = await renderReading(Buffer.from(raw), { remote: false, inlineBudgetBytes: 1024 });
    expect(r.headers.from).toEqual({ name: '김선생', address: 'kim@school.test' });
    expect(r.headers.to.map((a) => a.address)).toEqual(['a@school.test', 'b@school.test']);
    expect(r.headers.cc).toEqual([{ name: '홍길동', address: 'hong@school.test' }]);
    expect(r.headers.replyTo).toEqual([{ name: '', address: 'office@school.test' }]);
    expect(r.headers.messageId).toBe('<m1@school.test>');
    expect(r.headers.inReplyTo).toBe('<m0@school.test>');
    expect(r.headers.references).toEqual(['<r1@school.test>', '<m0@school.test>']);
    expect(r.text.trim()).toBe('Hello world');
    expect(r.bodyHtml).toContain('<b>world</b>');
    expect(r.bodyHtml).toContain(`src="data:image/png;base64,iVBORw0KGgo="`);
    expect(r.attachments.map(({ content, ...a }) => ({ ...a, bytes: content?.length ?? null }))).toEqual([
      {
        part: '2',
        filename: '가정통신문.pdf',
        contentType: 'application/pdf',
        cid: null,
        inline: false,
        size: 9,
        bytes: null,
        sourcePart: '2',
      },
      // no part number: its bytes travel with the reading
      {
        part: null,
        filename: '로고.png',
        contentType: 'image/png',
        cid: 'logo',
        inline: true,
        size: 8,
        bytes: 8,
        // the part number in the source as parsed, IMAP style (the id of a whole-source reading)
        sourcePart: '3',
      },
    ]);
  });

  it('leaves out inline images whose references would blow the document budget', async () => {
    const r = await renderReading(Buffer.from(raw), { remote: false, inlineBudgetBytes: 10 });
    expect(r.bodyHtml).not.toContain('data:image/png');
  });

  it('ignores a forged part number', async () => {
    const forged = raw.replace('X-Pigeon-Part: 2', 'X-Pigeon-Part: 2; DROP');
    const r = await renderReading(Buffer.from(forged), { remote: false, inlineBudgetBytes: 1024 });
    expect(r.attachments[0]?.part).toBeNull();
  });
});
