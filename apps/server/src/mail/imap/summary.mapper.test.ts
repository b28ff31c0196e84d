import type { FetchMessageObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { toFlags, toIsoDate, toSummary, utf7FromName, utf7Subject } from './summary.mapper.ts';

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
      fromIsAddress: true,
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

  it('decodes a UTF-7 subject from the raw header (imapflow leaves it as +…-), and only then', () => {
    const raw = Buffer.from('Subject: =?UTF-7?Q?+1VmtUA-_+wYzC3Q-?=\r\n update\r\n\r\n', 'latin1');
    const row = toSummary(fetched({ envelope: { subject: '+1VmtUA- +wYzC3Q- update' }, headers: raw }), '');
    expect(row.subject).toBe('학교 소식 update');
    expect(utf7Subject(Buffer.from('Subject: C++-style +1-800 =?UTF-8?Q?x?=\r\n\r\n'))).toBeNull();
    expect(utf7Subject(undefined)).toBeNull();
  });

  it('decodes a UTF-7 From name from the raw header, keeping the envelope address, and only then', () => {
    const raw = Buffer.from(
      'Subject: hi\r\nFrom: =?UTF-7?Q?+rVDHpQ-?= <utf7@example.com>, =?UTF-7?Q?+rVA-?= <b@example.com>\r\n\r\n',
      'latin1',
    );
    const row = toSummary(
      fetched({ envelope: { from: [{ name: '+rVDHpQ-', address: 'utf7@example.com' }] }, headers: raw }),
      '',
    );
    expect(row.from).toEqual({ name: '교장', address: 'utf7@example.com' });
    expect(row.fromIsAddress).toBe(true);
    expect(utf7FromName(Buffer.from('From: "C++-style +1-800" <a@example.com>\r\n\r\n'))).toBeNull();
    expect(utf7FromName(Buffer.from('From: =?UTF-7?Q?+rVDHpQ-?= <a@example.com>\r\nSubject: =?UTF-8?Q?x?=\r\n'))).toBe(
      '교장',
    );
    expect(utf7FromName(undefined)).toBeNull();
  });

  it('shows a From made of one encoded word (Dovecot: MISSING_DOMAIN) as text, not as an address', () => {
    const word = `=?UTF-8?B?${Buffer.from('홍길동 <hong@example.kr>').toString('base64')}?=`;
    const row = toSummary(fetched({ envelope: { from: [{ name: '', address: `${word}@MISSING_DOMAIN` }] } }), '');
    expect(row.from).toEqual({ name: '홍길동 <hong@example.kr>', address: '' });
    expect(row.fromIsAddress).toBe(false);
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
});
