import type { MessageStructureObject } from 'imapflow';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { completeHeader, displaySource, withoutFields } from './display-source.ts';
import { planRead } from './read-plan.ts';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('header pieces', () => {
  it('keeps complete fields only when a partial fetch cut the header', () => {
    expect(completeHeader(b('A: 1\r\nB: 2\r\n\r\nbody'))).toBe('A: 1\r\nB: 2\r\n');
    expect(completeHeader(b('A: 1\r\nSubject: xxxxxxxxx'))).toBe('A: 1\r\n');
    expect(completeHeader(b('A: 1\r\nB: 2\r\n continued\r\nC: cut'))).toBe('A: 1\r\nB: 2\r\n continued\r\n');
    expect(completeHeader(b('only a cut line'))).toBe('');
  });

  it('drops fields with their continuation lines', () => {
    const h = 'From: a\r\nContent-Type: multipart/mixed;\r\n boundary=x\r\nX-Pigeon-Part: 9\r\nTo: b\r\n';
    expect(withoutFields(h, ['content-type', 'x-pigeon-part'])).toBe('From: a\r\nTo: b\r\n');
  });
});

describe('displaySource', () => {
  const structure = {
    type: 'multipart/mixed',
    childNodes: [
      { part: '1', type: 'text/plain', size: 5, encoding: '7bit' },
      { part: '2', type: 'application/pdf', size: 999, encoding: 'base64', disposition: 'attachment' },
    ],
  } as MessageStructureObject;

  it('re-frames the fetched parts with its own boundary; unfetched bodies stay empty and carry their part number', async () => {
    const plan = planRead(structure, { displayMaxBytes: 100, maxParts: 10 });
    const source = displaySource({
      root: plan.root,
      rootHeader: b('Subject: hi\r\nX-Pigeon-Part: 7\r\nContent-Type: multipart/mixed; boundary="evil"\r\n\r\n'),
      sections: new Map([
        ['1.mime', b('Content-Type: text/plain\r\n\r\n')],
        ['1', b('hello')],
        ['2.mime', b('Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="a.pdf"\r\n\r\n')],
      ]),
      boundary: 'B0',
    });
    const text = source.toString('latin1');
    expect(text).not.toContain('evil');
    expect(text).not.toContain('X-Pigeon-Part: 7');
    const parsed = await simpleParser(source);
    expect(parsed.subject).toBe('hi');
    expect(parsed.text?.trim()).toBe('hello');
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]?.filename).toBe('a.pdf');
    expect(parsed.attachments[0]?.headers.get('x-pigeon-part')).toBe('2');
    expect(parsed.attachments[0]?.content.length).toBe(0);
  });

  it('keeps a single-part message as it is', async () => {
    const plan = planRead({ type: 'text/plain', size: 2, encoding: '7bit' } as MessageStructureObject, {
      displayMaxBytes: 100,
      maxParts: 10,
    });
    const source = displaySource({
      root: plan.root,
      rootHeader: b('Subject: one\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n'),
      sections: new Map([['text', b('hi')]]),
      boundary: 'B0',
    });
    const parsed = await simpleParser(source);
    expect(parsed.subject).toBe('one');
    expect(parsed.text?.trim()).toBe('hi');
  });
});
