import { describe, expect, it } from 'vitest';
import type { MessageDetail } from '@pigeon/shared';
import { printDate, printDocument, printLabels, printSize } from './print-document.ts';

const detail = (over: Partial<MessageDetail> = {}): MessageDetail => ({
  uid: 7,
  subject: '현장학습 <b>안내</b>',
  from: { name: '김선생 "Kim"', address: 'kim@school.test' },
  fromIsAddress: true,
  to: [{ name: '', address: 'parent@school.test' }],
  date: '2026-03-02T01:30:00.000Z',
  size: 1234,
  flags: { seen: false, flagged: false, answered: false, draft: false },
  hasAttachments: true,
  preview: '',
  cc: [{ name: 'Lee', address: 'lee@school.test' }],
  bcc: [],
  replyTo: [],
  messageId: null,
  inReplyTo: null,
  references: [],
  text: '',
  hasHtml: true,
  hasRemoteContent: false,
  attachments: [
    { id: '2', filename: '가정통신문.pdf', contentType: 'application/pdf', size: (3 * 1024 * 1024) / 2, inline: false },
    { id: '3', filename: 'logo.png', contentType: 'image/png', size: 10, inline: true },
  ],
  bodyNotice: null,
  ...over,
});

describe('printDocument', () => {
  it('escapes every header field and keeps the sanitized body as it is', () => {
    const doc = printDocument({ detail: detail(), bodyHtml: '<p>Trip on <b>Friday</b></p>', lang: 'en' });
    expect(doc).toContain('<h1 data-testid="print-subject">현장학습 &#60;b&#62;안내&#60;/b&#62;</h1>');
    expect(doc).toContain('<title>현장학습 &#60;b&#62;안내&#60;/b&#62;</title>');
    expect(doc).toContain('김선생 &#34;Kim&#34; &#60;kim@school.test&#62;');
    expect(doc).toContain('<div data-testid="print-body"><p>Trip on <b>Friday</b></p></div>');
    expect(doc).not.toMatch(/<script/i);
  });

  it('puts the header block in a declarative shadow root ahead of the body', () => {
    const doc = printDocument({ detail: detail(), bodyHtml: '<style>*{display:none!important}</style>', lang: 'en' });
    const shadow = doc.indexOf('<template shadowrootmode="open">');
    expect(shadow).toBeGreaterThan(0);
    expect(doc.indexOf('data-testid="print-from"')).toBeGreaterThan(shadow);
    expect(doc.indexOf('</template>')).toBeLessThan(doc.indexOf('data-testid="print-body"'));
    expect(doc).toContain(':host{all:initial!important;display:block!important');
  });

  it('labels in Korean with lang="ko", and lists only the attachments that are files', () => {
    const doc = printDocument({ detail: detail(), bodyHtml: '', lang: 'ko', timeZone: 'Asia/Seoul' });
    expect(doc).toContain('<html lang="ko">');
    for (const label of [printLabels('ko').from, printLabels('ko').to, printLabels('ko').cc, '첨부 파일'])
      expect(doc).toContain(`<dt>${label}</dt>`);
    expect(doc).toContain('<li>가정통신문.pdf (1.5 MB)</li>');
    expect(doc).not.toContain('logo.png');
    expect(doc).not.toContain(printLabels('ko').replyTo); // no Reply-To: no row
  });

  it('says so when there is no subject', () => {
    expect(printDocument({ detail: detail({ subject: '  ' }), bodyHtml: '', lang: 'ko' })).toContain('(제목 없음)');
  });
});

describe('printDate', () => {
  it('prints in the reader’s zone, and in UTC for a zone that does not exist', () => {
    expect(printDate('2026-03-02T01:30:00.000Z', 'en', 'Asia/Seoul')).toMatch(/Monday, March 2, 2026.*10:30/);
    expect(printDate('2026-03-02T01:30:00.000Z', 'en', 'Nowhere/Atlantis')).toMatch(/1:30.*UTC/);
    expect(printDate('2026-03-02T01:30:00.000Z', 'ko', 'Asia/Seoul')).toContain('2026년 3월 2일 월요일');
    expect(printDate('not a date', 'en')).toBe('');
  });
});

describe('printSize', () => {
  it('writes 1024-based sizes', () => {
    expect(printSize(512, 'en')).toBe('512 B');
    expect(printSize(1536, 'en')).toBe('1.5 KB');
    expect(printSize(20 * 1024 * 1024, 'ko')).toBe('20 MB');
  });
});
