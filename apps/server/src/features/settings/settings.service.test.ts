import { describe, expect, it } from 'vitest';
import { maySendAs } from './settings.service.ts';

describe('maySendAs', () => {
  it('own: only the signed-in address, any case', () => {
    expect(maySendAs('own', 'alice@school.test', 'Alice@School.test')).toBe(true);
    expect(maySendAs('own', 'alice@school.test', 'principal@school.test')).toBe(false);
  });
  it('domain: any address on the same domain', () => {
    expect(maySendAs('domain', 'alice@school.test', 'principal@school.test')).toBe(true);
    expect(maySendAs('domain', 'alice@school.test', 'alice@evil.test')).toBe(false);
  });
  it('any: anything', () => expect(maySendAs('any', 'alice@school.test', 'x@y.z')).toBe(true));
});
