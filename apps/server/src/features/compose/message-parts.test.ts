import { describe, expect, it } from 'vitest';
import {
  attachmentCid,
  bareCid,
  draftPartId,
  emlAttachmentName,
  isUploadId,
  messagePartId,
  parseDraftPartId,
  parseMessagePartId,
} from './message-parts.ts';

describe('message part attachment ids', () => {
  it('round-trip path, uid and part (also the whole message), and fit the URL pattern', () => {
    for (const ref of [
      { path: 'INBOX', uid: 7, part: '2' },
      { path: '받은 편지함/학교', uid: 123456, part: 'x1' },
      { path: 'Archive', uid: 1, part: null },
    ]) {
      const id = messagePartId(ref);
      expect(id).toMatch(/^m\.[A-Za-z0-9_-]+$/);
      expect(parseMessagePartId(id)).toEqual(ref);
      expect(isUploadId(id)).toBe(false);
    }
  });

  it('refuses anything else', () => {
    const enc = (v: unknown) => `m.${Buffer.from(JSON.stringify(v)).toString('base64url')}`;
    for (const id of [
      '0b5f7a4e-3c2d-4e1f-9a8b-7c6d5e4f3a2b',
      'm.',
      'm.%%%',
      enc(['INBOX', 0, '1']),
      enc(['', 1, '1']),
      enc(['INBOX', 1, 2]),
      enc({ path: 'INBOX' }),
      `m.${'A'.repeat(2000)}`,
    ])
      expect(parseMessagePartId(id)).toBeNull();
    expect(isUploadId('0b5f7a4e-3c2d-4e1f-9a8b-7c6d5e4f3a2b')).toBe(true);
  });

  it('names a forwarded message as a safe .eml file', () => {
    expect(emlAttachmentName('Re: a/b: "c"')).toBe('Re  a b   c.eml');
    expect(emlAttachmentName('')).toBe('message.eml');
  });
});

describe('draft part attachment ids', () => {
  const ref = { path: '임시 보관함', draftId: '7d1f9c6e-1b9f-4a51-8f3e-7b0d7c1b9a20', cid: 'abc@pigeon' };

  it('round-trip folder, draft id and Content-ID, fit the URL pattern, and are neither uploads nor message parts', () => {
    const id = draftPartId(ref);
    expect(id).toMatch(/^d\.[A-Za-z0-9_-]+$/);
    expect(parseDraftPartId(id)).toEqual(ref);
    expect(parseMessagePartId(id)).toBeNull();
    expect(isUploadId(id)).toBe(false);
    expect(parseDraftPartId(messagePartId({ path: 'INBOX', uid: 1, part: '2' }))).toBeNull();
  });

  it('refuses anything else', () => {
    const enc = (v: unknown) => `d.${Buffer.from(JSON.stringify(v)).toString('base64url')}`;
    for (const id of ['d.', 'd.%%%', enc(['', 'x', 'c']), enc(['D', '', 'c']), enc(['D', 'x', '']), enc(['D', 'x', 3])])
      expect(parseDraftPartId(id)).toBeNull();
    expect(parseDraftPartId(`d.${'A'.repeat(2000)}`)).toBeNull();
  });

  it('gives every file a stable Content-ID: a draft part keeps its own across saves', () => {
    expect(attachmentCid(draftPartId(ref))).toBe('abc@pigeon');
    expect(attachmentCid('0B5F7A4E-3C2D-4E1F-9A8B-7C6D5E4F3A2B')).toBe('0b5f7a4e-3c2d-4e1f-9a8b-7c6d5e4f3a2b@pigeon');
    const forwarded = messagePartId({ path: 'INBOX', uid: 7, part: '2' });
    expect(attachmentCid(forwarded)).toBe(attachmentCid(forwarded));
    expect(attachmentCid(forwarded)).toMatch(/^[0-9a-f]{32}@pigeon$/);
    expect(bareCid(' <abc@pigeon> ')).toBe('abc@pigeon');
    expect(bareCid(undefined)).toBe('');
  });

  it('a d. id may also name where another client’s draft holds the file (uid, index), and refuses a bad one', () => {
    const ref = { path: 'Drafts', draftId: 'x', cid: 'c@pigeon', origin: { uid: 7, index: 0 } };
    expect(parseDraftPartId(draftPartId(ref))).toEqual(ref);
    const bad = (v: unknown[]) => 'd.' + Buffer.from(JSON.stringify(v)).toString('base64url');
    expect(parseDraftPartId(bad(['Drafts', 'x', 'c', 0, 0]))).toBeNull();
    expect(parseDraftPartId(bad(['Drafts', 'x', 'c', 7, -1]))).toBeNull();
    expect(parseDraftPartId(bad(['Drafts', 'x', 'c', 7]))).toBeNull();
  });
});
