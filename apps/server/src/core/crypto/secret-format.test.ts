import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isHighEntropySecret } from './secret-format.ts';

describe('SESSION_SECRET format', () => {
  // 2,000 random secrets, so a check that refuses a rare random one is caught: seconds on a loaded machine
  it('accepts 32 random bytes as base64, base64url (what Pigeon generates) and hex', { timeout: 60_000 }, () => {
    for (let i = 0; i < 2000; i++) {
      const bytes = randomBytes(32);
      expect(isHighEntropySecret(bytes.toString('base64'))).toBe(true);
      expect(isHighEntropySecret(bytes.toString('base64url'))).toBe(true);
      expect(isHighEntropySecret(bytes.toString('hex'))).toBe(true);
    }
    expect(isHighEntropySecret(randomBytes(48).toString('base64'))).toBe(true);
  });

  it('refuses passphrases, short values and low-variety strings', () => {
    for (const p of [
      'pigeon-test-session-secret-0123456789abcdef0123456789abcdef012345',
      'correcthorsebatterystapleismyfavouritepassphrase',
      'correct horse battery staple is my favourite passphrase',
      'MySchoolWebmailIsTheBestWebmailInTheWholeWorld!',
      randomBytes(16).toString('base64'),
      randomBytes(16).toString('hex'),
      'A'.repeat(43) + 'a',
      '0'.repeat(64),
      '',
    ])
      expect(isHighEntropySecret(p), p).toBe(false);
  });
});
