import { describe, expect, it } from 'vitest';
import { summarize, summarizeHeaders } from './local-summary.ts';

const arrived = new Date('2026-12-01T00:00:00Z');

describe('summarize', () => {
  it('reads sender, recipients, subject, date, preview and attachments once', async () => {
    const raw = Buffer.from(
      [
        'From: =?UTF-8?B?7ZWZ6rWQ?= <office@school.test>',
        'To: A <a@school.test>, b@school.test',
        'Subject: =?UTF-8?B?6rO17KeA?= notice',
        'Date: Tue, 01 Dec 2026 09:00:00 +0900',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary=x',
        '',
        '--x',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Hello   there,\r\nsee the file.',
        '--x',
        'Content-Type: application/pdf; name=a.pdf',
        'Content-Disposition: attachment; filename=a.pdf',
        '',
        'JVBERi0=',
        '--x--',
        '',
      ].join('\r\n'),
    );
    const s = await summarize(raw, raw.length, arrived);
    expect(s.from).toEqual({ name: '학교', address: 'office@school.test' });
    expect(s.fromIsAddress).toBe(true);
    expect(s.to.map((a) => a.address)).toEqual(['a@school.test', 'b@school.test']);
    expect(s.subject).toBe('공지 notice');
    expect(s.date).toBe('2026-12-01T00:00:00.000Z');
    expect(s.preview).toBe('Hello there, see the file.');
    expect(s.hasAttachments).toBe(true);
    expect(s.size).toBe(raw.length);
  });

  it('headers alone (a TOP preview) and a missing Date fall back to the arrival time', async () => {
    const s = await summarize(Buffer.from('From: not an address\r\nSubject: hi\r\n\r\n'), 5000, arrived);
    expect(s.fromIsAddress).toBe(false);
    expect(s.date).toBe(arrived.toISOString());
    expect(s.preview).toBe('');
    expect(s.size).toBe(5000);
  });

  it('a header block alone gives the same row without a MIME parse (summarizeHeaders)', async () => {
    const block = Buffer.from(
      [
        'From: =?UTF-8?B?7ZWZ6rWQ?= <office@school.test>',
        'To: A <a@school.test>,',
        ' b@school.test',
        'Cc: c@school.test',
        'Subject: =?UTF-8?B?6rO17KeA?=',
        '  notice',
        'Date: Tue, 01 Dec 2026 09:00:00 +0900',
        'Content-Type: multipart/mixed; boundary=x',
        '',
        '',
      ].join('\r\n'),
    );
    const { dateValue, searchText, ...fast } = summarizeHeaders(block, 7000, arrived);
    const { dateValue: parsedDate, searchText: parsedText, ...parsed } = await summarize(block, 7000, arrived);
    expect(fast).toEqual(parsed);
    expect([searchText, parsedText]).toEqual([null, '']); // no body read: no search text (a later parse fills it)
    expect(dateValue).toEqual(parsedDate);
    expect(fast).toMatchObject({ subject: '공지 notice', preview: '', hasAttachments: false, size: 7000 });
    expect(summarizeHeaders(Buffer.from('From: not an address\r\nSubject: hi\r\n\r\n'), 1, arrived)).toMatchObject({
      fromIsAddress: false,
      date: arrived.toISOString(),
    });
  });

  it('keeps the decoded text of base64 and quoted-printable parts for search words', async () => {
    const raw = Buffer.from(
      [
        'From: a@school.test',
        'Subject: encoded',
        'MIME-Version: 1.0',
        'Content-Type: multipart/alternative; boundary=x',
        '',
        '--x',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('첫 줄\r\n'.repeat(200) + '숨은 낱말 giraffe', 'utf8').toString('base64'),
        '--x',
        'Content-Type: text/html; charset=utf-8',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '<p>caf=C3=A9</p>',
        '--x--',
        '',
      ].join('\r\n'),
    );
    const s = await summarize(raw, raw.length, arrived);
    expect(s.searchText).toContain('숨은 낱말 giraffe');
    expect(s.preview).not.toContain('giraffe'); // far past the preview: only the kept text finds it
    const html = await summarize(
      Buffer.from(
        'Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>caf=C3=A9 <b>au lait</b></p>\r\n',
      ),
      1,
      arrived,
    );
    expect(html.searchText).toContain('café au lait');
  });
});
