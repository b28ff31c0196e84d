import { describe, expect, it } from 'vitest';
import { emlAttachmentName, isUploadId, messagePartId, parseMessagePartId } from './message-parts.ts';

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
