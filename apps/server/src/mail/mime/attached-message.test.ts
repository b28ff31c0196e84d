import type { MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { attachedMessageOf, attachedMessages, withAttachedMessages } from './attached-message.ts';

describe('attachedMessages', () => {
  it('lists each message/rfc822 part by part number with its sender, subject and date as text', () => {
    const structure = {
      type: 'multipart/mixed',
      childNodes: [
        { part: '1', type: 'text/plain' },
        {
          part: '2',
          type: 'message/rfc822',
          envelope: {
            date: new Date('2026-03-01T23:00:00Z'),
            subject: '원본 공지',
            from: [{ name: '박교감', address: 'park@school.kr' }],
          },
          childNodes: [{ part: '2.1', type: 'message/rfc822', envelope: { subject: 'deeper' } }],
        },
        { part: '3', type: 'MESSAGE/RFC822', envelope: { from: [{ name: 'bank@example.com', address: 'x' }] } },
      ],
    } as unknown as MessageStructureObject;
    expect(Object.fromEntries(attachedMessages(structure))).toEqual({
      '2': { from: '박교감 <park@school.kr>', subject: '원본 공지', date: '2026-03-01T23:00:00.000Z' },
      '3': { from: 'bank@example.com <x>', subject: '', date: null },
    });
  });

  it('is empty text for a message without an envelope', () => {
    expect(attachedMessageOf(undefined)).toEqual({ from: '', subject: '', date: null });
  });
});

describe('withAttachedMessages', () => {
  it('adds the headers to the attachment of that part and names an unnamed one after its subject', () => {
    const structure = {
      type: 'multipart/mixed',
      childNodes: [{ part: '2', type: 'message/rfc822', envelope: { subject: 'Minutes' } }],
    } as unknown as MessageStructureObject;
    const list = [
      { part: '2', filename: 'attachment-2.eml' },
      { part: null, filename: 'report.txt' },
    ];
    expect(withAttachedMessages(list, structure)).toEqual([
      { part: '2', filename: 'Minutes.eml', message: { from: '', subject: 'Minutes', date: null } },
      { part: null, filename: 'report.txt' },
    ]);
  });
});
