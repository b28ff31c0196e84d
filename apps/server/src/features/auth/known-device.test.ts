import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKnownDevices } from './known-device.ts';

describe('known-device cookie', () => {
  const devices = createKnownDevices(randomBytes(32));

  it('vouches for the accounts that signed in on this browser, and only those', () => {
    const first = devices.remember(undefined, 'alice@school.test');
    expect(devices.keyFor(first, 'alice@school.test')).toEqual(expect.any(String));
    expect(devices.keyFor(first, 'bob@school.test')).toBeNull();
    const both = devices.remember(first, 'bob@school.test');
    expect(both.split('.')[0]).toBe(first.split('.')[0]); // the same browser
    expect(devices.keyFor(both, 'alice@school.test')).toBe(devices.keyFor(first, 'alice@school.test'));
    expect(devices.keyFor(both, 'bob@school.test')).toEqual(expect.any(String));
    expect(both).not.toContain('alice');
  });

  it('gives each browser its own key, and refuses forged, foreign or malformed cookies', () => {
    const a = devices.remember(undefined, 'alice@school.test');
    const b = devices.remember(undefined, 'alice@school.test');
    expect(devices.keyFor(a, 'alice@school.test')).not.toBe(devices.keyFor(b, 'alice@school.test'));
    const other = createKnownDevices(randomBytes(32)).remember(undefined, 'alice@school.test');
    expect(devices.keyFor(other, 'alice@school.test')).toBeNull();
    const [nonce] = a.split('.');
    expect(devices.keyFor(`${nonce}.${randomBytes(16).toString('base64url')}`, 'alice@school.test')).toBeNull();
    for (const bad of [undefined, '', 'x', '....', 'a'.repeat(500), `${nonce}`])
      expect(devices.keyFor(bad, 'alice@school.test')).toBeNull();
  });

  it('remembers at most five accounts, newest first', () => {
    let value: string | undefined;
    for (let i = 0; i < 7; i++) value = devices.remember(value, `u${i}@school.test`);
    expect(value!.split('.')).toHaveLength(6);
    expect(devices.keyFor(value, 'u6@school.test')).not.toBeNull();
    expect(devices.keyFor(value, 'u0@school.test')).toBeNull();
  });
});
