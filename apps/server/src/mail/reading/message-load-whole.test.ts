import { describe, expect, it } from 'vitest';
import { wholeAttachments } from './message-load-whole.ts';
import type { RenderedAttachment } from './render-reading.ts';

const rendered = (over: Partial<RenderedAttachment>): RenderedAttachment => ({
  part: null,
  filename: 'a.bin',
  contentType: 'application/octet-stream',
  cid: null,
  inline: false,
  content: new Uint8Array([1, 2, 3]),
  size: 3,
  sourcePart: null,
  ...over,
});

describe('wholeAttachments', () => {
  it('names each attachment by its part number in the source, x<n> for one found inside a part', () => {
    const message = { from: 'Hong <hong@school.test>', subject: 'Inner', date: null };
    const out = wholeAttachments([
      rendered({ sourcePart: '2' }),
      rendered({ sourcePart: '3', contentType: 'message/rfc822', message }),
      rendered({ filename: 'from-uuencode.txt' }),
    ]);
    expect(out.map((a) => a.id)).toEqual(['2', '3', 'x2']);
    // every one carries its bytes: nothing is downloaded by part again
    expect(out.every((a) => a.part === null && a.content?.equals(Buffer.from([1, 2, 3])))).toBe(true);
    expect(out[1]?.message).toEqual(message);
    expect(out[0]).not.toHaveProperty('message');
  });
});
