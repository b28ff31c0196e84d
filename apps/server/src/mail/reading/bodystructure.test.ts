import type { MessageStructureObject } from 'imapflow';
import { describe, expect, it } from 'vitest';
import { findTextPart, hasAttachments } from './bodystructure.ts';

const plain: MessageStructureObject = {
  type: 'text/plain',
  parameters: { charset: 'euc-kr' },
  encoding: 'base64',
  size: 10,
};
const alt = (part: string): MessageStructureObject => ({
  type: 'multipart/alternative',
  part,
  childNodes: [
    { part: `${part}.1`, type: 'text/plain', parameters: { charset: 'utf-8' }, encoding: 'quoted-printable' },
    { part: `${part}.2`, type: 'text/html', parameters: { charset: 'utf-8' }, encoding: 'quoted-printable' },
  ],
});

describe('hasAttachments', () => {
  it('is false for a single text part and for multipart/alternative', () => {
    expect(hasAttachments(plain)).toBe(false);
    expect(hasAttachments(alt('1'))).toBe(false);
    expect(hasAttachments(undefined)).toBe(false);
  });

  it('sees a disposition attachment anywhere in the tree', () => {
    const tree: MessageStructureObject = {
      type: 'multipart/mixed',
      childNodes: [
        alt('1'),
        { part: '2', type: 'text/csv', disposition: 'attachment', dispositionParameters: { filename: '명단.csv' } },
      ],
    };
    expect(hasAttachments(tree)).toBe(true);
  });

  it('counts a named non-text leaf without disposition (RFC 2047 name=) but not an unnamed inline image', () => {
    const named: MessageStructureObject = {
      type: 'multipart/mixed',
      childNodes: [plain, { part: '2', type: 'application/pdf', parameters: { name: '보고서.pdf' } }],
    };
    const unnamed: MessageStructureObject = {
      type: 'multipart/related',
      childNodes: [
        { part: '1', type: 'text/html' },
        { part: '2', type: 'image/png', id: '<logo>', disposition: 'inline' },
      ],
    };
    expect(hasAttachments(named)).toBe(true);
    expect(hasAttachments(unnamed)).toBe(false);
  });
});

describe('findTextPart', () => {
  it('uses BODY[1] for a single-part message, with its charset and encoding', () => {
    expect(findTextPart(plain)).toEqual({ part: '1', type: 'text/plain', encoding: 'base64', charset: 'euc-kr' });
  });

  it('prefers text/plain inside multipart/alternative, nested in mixed/related', () => {
    const tree: MessageStructureObject = {
      type: 'multipart/mixed',
      childNodes: [
        { type: 'multipart/related', part: '1', childNodes: [alt('1.1'), { part: '1.2', type: 'image/png' }] },
        { part: '2', type: 'application/pdf', disposition: 'attachment' },
      ],
    };
    expect(findTextPart(tree)?.part).toBe('1.1.1');
  });

  it('falls back to text/html and skips text attachments', () => {
    const tree: MessageStructureObject = {
      type: 'multipart/mixed',
      childNodes: [
        { part: '1', type: 'text/plain', disposition: 'attachment', dispositionParameters: { filename: 'a.txt' } },
        { part: '2', type: 'text/html', parameters: { charset: 'UTF-8' }, encoding: 'BASE64' },
      ],
    };
    expect(findTextPart(tree)).toEqual({ part: '2', type: 'text/html', encoding: 'base64', charset: 'utf-8' });
  });

  it('returns null when there is no text', () => {
    expect(findTextPart({ type: 'multipart/mixed', childNodes: [{ part: '1', type: 'image/png' }] })).toBeNull();
  });
});
