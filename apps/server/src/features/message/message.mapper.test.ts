import type { FetchMessageObject } from 'imapflow';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { attachmentFilename, toAttachments, toDetail, toFlags, toIsoDate, toSummary } from './message.mapper.ts';

const fetched = (over: Partial<FetchMessageObject> = {}): FetchMessageObject =>
  ({
    seq: 3,
    uid: 42,
    flags: new Set(['\\Seen', '\\FLAGGED']),
    size: 1234,
    internalDate: new Date('2024-03-02T01:02:03Z'),
    envelope: {
      date: new Date('2024-03-01T09:00:00+09:00'),
      subject: '현장학습 안내',
      from: [{ name: '김선생', address: 'kim@school.test' }],
      to: [{ name: '', address: 'alice@school.test' }, { name: 'Undisclosed' }],
    },
    bodyStructure: {
      type: 'multipart/mixed',
      childNodes: [
        { part: '1', type: 'text/plain' },
        { part: '2', type: 'application/pdf', disposition: 'attachment' },
      ],
    },
    ...over,
  }) as FetchMessageObject;

describe('toSummary', () => {
  it('maps envelope, flags, size, date and attachments to a list row', () => {
    expect(toSummary(fetched(), '미리보기')).toEqual({
      uid: 42,
      from: { name: '김선생', address: 'kim@school.test' },
      to: [
        { name: '', address: 'alice@school.test' },
        { name: 'Undisclosed', address: '' },
      ],
      subject: '현장학습 안내',
      date: '2024-03-01T00:00:00.000Z',
      size: 1234,
      flags: { seen: true, flagged: true, answered: false, draft: false },
      hasAttachments: true,
      preview: '미리보기',
    });
  });

  it('copes with a message without envelope data', () => {
    const row = toSummary(fetched({ envelope: undefined, flags: undefined, bodyStructure: undefined }), '');
    expect(row).toMatchObject({
      from: null,
      to: [],
      subject: '',
      date: '2024-03-02T01:02:03.000Z',
      hasAttachments: false,
    });
    expect(row.flags).toEqual({ seen: false, flagged: false, answered: false, draft: false });
  });
});

describe('small mappers', () => {
  it('falls back from a broken Date header to INTERNALDATE, then to the epoch', () => {
    expect(toIsoDate(new Date('nope'), new Date('2020-01-01T00:00:00Z'))).toBe('2020-01-01T00:00:00.000Z');
    expect(toIsoDate(undefined, 'garbage')).toBe('1970-01-01T00:00:00.000Z');
  });

  it('reads flags case-insensitively', () => {
    expect(toFlags(new Set(['\\answered', '\\Draft']))).toEqual({
      seen: false,
      flagged: false,
      answered: true,
      draft: true,
    });
  });

  it('names unnamed attachments', () => {
    expect(attachmentFilename({ filename: undefined, contentType: 'message/rfc822' }, 1)).toBe('attachment-2.eml');
    expect(attachmentFilename({ filename: ' a\u0000.txt ', contentType: 'text/plain' }, 0)).toBe('a.txt');
  });
});

describe('toDetail', () => {
  it('maps a parsed message: addresses (groups flattened), ids, text, attachments with RFC 2231 / RFC 2047 names', async () => {
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
      '<p>Hello <b>world</b></p>',
      '--b',
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
    const parsed = await simpleParser(raw, { keepCidLinks: true });
    const detail = toDetail({ msg: fetched(), parsed, hasRemoteContent: false });
    expect(detail.cc).toEqual([{ name: '홍길동', address: 'hong@school.test' }]);
    expect(detail.replyTo).toEqual([{ name: '', address: 'office@school.test' }]);
    expect(detail.messageId).toBe('<m1@school.test>');
    expect(detail.inReplyTo).toBe('<m0@school.test>');
    expect(detail.references).toEqual(['<r1@school.test>', '<m0@school.test>']);
    expect(detail.text.trim()).toBe('Hello world');
    expect(detail.preview).toBe('Hello world');
    expect(detail.hasHtml).toBe(true);
    expect(detail.attachments).toEqual([
      { id: '0', filename: '가정통신문.pdf', contentType: 'application/pdf', size: 9, inline: false },
      { id: '1', filename: '로고.png', contentType: 'image/png', size: 8, inline: true },
    ]);
    expect(toAttachments([])).toEqual([]);
  });
});
