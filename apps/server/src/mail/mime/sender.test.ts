import { describe, expect, it } from 'vitest';
import { isRealAddress, toSender } from './sender.ts';

describe('toSender', () => {
  it('keeps a real address with its name', () => {
    expect(toSender({ name: '김선생', address: 'kim@school.kr' })).toEqual({
      from: { name: '김선생', address: 'kim@school.kr' },
      fromIsAddress: true,
    });
    expect(toSender({ address: 'a@bücher.example' }).fromIsAddress).toBe(true);
  });

  it.each([
    [{ name: 'bank@example.com', address: 'x' }, 'bank@example.com <x>'],
    [{ name: '<b>Admin</b> example', address: 'admin@evil' }, '<b>Admin</b> example <admin@evil>'],
    [{ name: 'Security Team', address: '' }, 'Security Team'],
    [{ name: '', address: 'two words@example.com' }, 'two words@example.com'],
    [{ name: '', address: '<script>@example.com' }, '<script>@example.com'],
  ])('turns %j into plain text', (input, text) => {
    expect(toSender(input)).toEqual({ from: { name: text, address: '' }, fromIsAddress: false });
  });

  it("decodes Dovecot's MISSING_DOMAIN envelope of a From made of one encoded word", () => {
    const word = `=?UTF-8?B?${Buffer.from('홍길동 <hong@example.kr>').toString('base64')}?=`;
    expect(toSender({ name: '', address: `${word}@MISSING_DOMAIN` })).toEqual({
      from: { name: '홍길동 <hong@example.kr>', address: '' },
      fromIsAddress: false,
    });
  });

  it('is null without anything to show', () => {
    expect(toSender(undefined)).toEqual({ from: null, fromIsAddress: false });
    expect(isRealAddress('@example.com')).toBe(false);
  });
});
