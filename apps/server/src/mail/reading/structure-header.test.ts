import type { MessageStructureObject } from 'imapflow';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { structureHeader } from './structure-header.ts';

const node = (extra: Partial<MessageStructureObject>) => ({ part: '2', size: 10, ...extra }) as MessageStructureObject;

describe('structureHeader', () => {
  it('writes type, charset, names, encoding, disposition and Content-ID that a MIME parser reads back', async () => {
    const header = structureHeader(
      node({
        type: 'application/pdf',
        parameters: { name: '보고서 "final".pdf' },
        encoding: 'base64',
        disposition: 'attachment',
        dispositionParameters: { filename: '보고서 "final".pdf' },
        id: '<pic@x>',
      }),
    );
    const parsed = await simpleParser(`MIME-Version: 1.0\r\n${header}\r\n`);
    expect(parsed.headers.get('content-type')).toMatchObject({ value: 'application/pdf' });
    expect(parsed.headers.get('content-id')).toBe('<pic@x>');
    const wrapped = await simpleParser(
      `Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b\r\n${header}\r\n\r\n--b--\r\n`,
    );
    expect(wrapped.attachments[0]).toMatchObject({ filename: '보고서 "final".pdf', contentType: 'application/pdf' });
  });

  it('lets no value add a field or a line', () => {
    const header = structureHeader(
      node({
        type: 'text/plain\r\nX-Evil: 1',
        parameters: { charset: 'utf-8\r\nX-Evil: 2', name: 'a\r\nX-Evil: 3' },
        encoding: 'base64\r\nX-Evil: 4',
        disposition: 'attachment\r\nX-Evil: 5',
        id: '<a>\r\nX-Evil: 6',
      }),
    );
    const lines = header.split('\r\n').filter(Boolean);
    expect(lines.map((l) => l.slice(0, l.indexOf(':')))).toEqual(['Content-Type', 'Content-ID']);
    expect(header).toContain('Content-Type: application/octet-stream');
    expect(header).toContain("name*=utf-8''a%0D%0AX-Evil%3A%203");
  });
});
