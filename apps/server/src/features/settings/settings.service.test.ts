import { describe, expect, it } from 'vitest';
import type { Identity } from '@pigeon/shared';
import { maySendAs, senderFor } from './settings.service.ts';

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

describe('senderFor (decision 040)', () => {
  const ids: Identity[] = [
    { id: 'i1', email: 'alice@school.test', name: 'Alice', replyTo: null, signature: '', isDefault: true },
    { id: 'i2', email: 'office@school.test', name: 'Office', replyTo: null, signature: '', isDefault: false },
    { id: 'i3', email: 'Alice@Home.test', name: 'Alice at home', replyTo: null, signature: '', isDefault: false },
  ];
  const base = { identities: ids, primary: 'alice@school.test', policy: 'domain' as const };
  it('the primary account: the chosen identity, else the default one', () => {
    expect(senderFor({ ...base, account: 'alice@school.test', identityId: null }).id).toBe('i1');
    expect(senderFor({ ...base, account: 'alice@school.test', identityId: 'i2' }).email).toBe('office@school.test');
  });
  it("an added account: its own identity, else its address under the person's name", () => {
    expect(senderFor({ ...base, account: 'alice@home.test', identityId: null }).id).toBe('i3');
    expect(senderFor({ ...base, account: 'bob@other.test', identityId: null })).toEqual({
      id: null,
      name: 'Alice',
      email: 'bob@other.test',
      replyTo: null,
    });
  });
  it("refuses another account's identity under SEND_AS, and an unknown one", () => {
    expect(() => senderFor({ ...base, account: 'bob@other.test', identityId: 'i1' })).toThrow(
      expect.objectContaining({ code: 'compose.from_not_allowed' }),
    );
    expect(() => senderFor({ ...base, account: 'alice@school.test', identityId: 'nope' })).toThrow(
      expect.objectContaining({ code: 'settings.identity_not_found' }),
    );
  });
});
