import { describe, expect, it } from 'vitest';
import { withSignature } from './signature';

describe('withSignature', () => {
  it('puts the signature first, above a quote', () => {
    expect(withSignature('<blockquote>q</blockquote>', '<p>Alice</p>')).toBe(
      '<p></p><p>-- </p><p>Alice</p><blockquote>q</blockquote>',
    );
  });
  it('leaves the body alone without a signature', () => {
    expect(withSignature('<p>x</p>', '  ')).toBe('<p>x</p>');
  });
});
