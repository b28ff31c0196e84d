import type { MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { attachmentBytes } from './bodystructure.ts';

describe('attachmentBytes', () => {
  it('sums the attachment parts anywhere in the tree, not the text or an unnamed inline image', () => {
    const tree: MessageStructureObject = {
      type: 'multipart/mixed',
      childNodes: [
        {
          type: 'multipart/related',
          part: '1',
          childNodes: [
            { type: 'text/html', part: '1.1', size: 5000 },
            { type: 'image/png', part: '1.2', disposition: 'inline', size: 7000 },
          ],
        },
        { type: 'application/pdf', part: '2', disposition: 'attachment', size: 40000 },
        { type: 'image/jpeg', part: '3', parameters: { name: 'photo.jpg' }, size: 30000 },
      ],
    };
    expect(attachmentBytes(tree)).toBe(70000);
  });

  it('is 0 for a text message and for no structure', () => {
    expect(attachmentBytes({ type: 'text/plain', size: 90000 })).toBe(0);
    expect(attachmentBytes(undefined)).toBe(0);
  });
});
