import { describe, expect, it } from 'vitest';
import { corpus, corpusSource } from './fixtures/corpus.ts';
import { renderReading } from '../reading/render-reading.ts';
import { parseMail } from './parse-mail.ts';
import { toSender } from './sender.ts';

describe('parseMail on the difficult-MIME corpus', () => {
  it.each(corpus.map((c) => [c.file, c] as const))('%s', async (_file, c) => {
    const parsed = await parseMail(corpusSource(c.file));
    expect(parsed.subject).toBe(c.subject);
    expect(toSender(parsed.from?.value[0])).toEqual({ from: c.from, fromIsAddress: c.fromIsAddress });
    expect(parsed.text).toContain(c.text);
    expect(parsed.attachments.map((a) => a.filename)).toEqual(c.attachments.map((a) => a.filename));
    c.attachments.forEach((want, i) => {
      if (want.contentType) expect(parsed.attachments[i]!.contentType).toBe(want.contentType);
      if (want.size !== undefined) expect(parsed.attachments[i]!.content.length).toBe(want.size);
    });
    for (const m of c.attachedMessages ?? []) {
      const a = parsed.attachments.find((x) => x.filename === m.filename);
      expect(a?.attachedMessage).toEqual({ from: m.from, subject: m.subject, date: m.date });
    }
  });

  it('keeps the uuencoded block out of the text it extracted it from', async () => {
    const parsed = await parseMail(corpusSource('uuencode.eml'));
    expect(parsed.text).not.toContain('begin 644');
    expect(parsed.attachments[0]!.content.toString()).toBe('hello\n');
  });

  it('shows the HTML alternative of a message whose boundary parameter is wrong', async () => {
    const parsed = await parseMail(corpusSource('wrong-boundary.eml'));
    expect(parsed.html).toBe('<p>body with a wrong boundary</p>');
  });

  it('decodes UTF-7 bodies, and what their HTML spelled in UTF-7 is sanitized like any other markup', async () => {
    const parsed = await parseMail(corpusSource('utf7-body.eml'));
    expect(parsed.html).toContain('<p>가정통신문이 도착했습니다.');
    expect(parsed.html).toContain('<script>');
    const reading = await renderReading(corpusSource('utf7-body.eml'), { remote: false, inlineBudgetBytes: 1e6 });
    expect(reading.bodyHtml).toContain('가정통신문이 도착했습니다.');
    expect(reading.bodyHtml).not.toMatch(/script|pigeon_xss/i);
  });
});
