import type { MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { isUnsplitMultipart } from './broken-multipart.ts';

const s = (o: object) => o as MessageStructureObject;

describe('isUnsplitMultipart', () => {
  it("is true for Dovecot's view of a multipart without a usable boundary: one empty text part", () => {
    const empty = { part: '1', type: 'text/plain', size: 0 };
    expect(isUnsplitMultipart(s({ type: 'multipart/mixed', childNodes: [empty] }))).toBe(true);
    expect(isUnsplitMultipart(s({ type: 'multipart/alternative', childNodes: [] }))).toBe(true);
  });

  it('is false for a multipart with content and for a single part', () => {
    const text = { part: '1', type: 'text/plain', size: 12 };
    expect(isUnsplitMultipart(s({ type: 'multipart/mixed', childNodes: [text] }))).toBe(false);
    expect(isUnsplitMultipart(s({ type: 'multipart/mixed', childNodes: [{ ...text, size: 0 }, text] }))).toBe(false);
    expect(isUnsplitMultipart(s({ type: 'text/plain', size: 0 }))).toBe(false);
    expect(isUnsplitMultipart(undefined)).toBe(false);
  });
});
