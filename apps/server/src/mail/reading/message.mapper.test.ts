import { describe, expect, it } from 'vitest';
import { attachmentFilename } from './message.mapper.ts';

describe('attachmentFilename', () => {
  it('names unnamed attachments', () => {
    expect(attachmentFilename({ filename: undefined, contentType: 'message/rfc822' }, 1)).toBe('attachment-2.eml');
    expect(attachmentFilename({ filename: ' a\u0000.txt ', contentType: 'text/plain' }, 0)).toBe('a.txt');
  });
});
