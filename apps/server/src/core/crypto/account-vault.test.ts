import { describe, expect, it } from 'vitest';
import { deriveVaultKey, openForAccount, sealForAccount } from './account-vault.ts';

const serverSecret = Buffer.alloc(32, 7);
const userId = '11111111-1111-4111-8111-111111111111';
const accountId = '22222222-2222-4222-8222-222222222222';

// each derivation is a real scrypt (N=2^14) on libuv's pool: a loaded 2-core runner needs more than vitest's 5 s default
describe('the account vault', { timeout: 30_000 }, () => {
  it('opens with the same primary password, server secret and account, and holds no clear text', async () => {
    const key = await deriveVaultKey({ primaryPassword: 'alice-pw', serverSecret, userId });
    const sealed = sealForAccount('bob-pw 비밀', key, accountId);
    expect(sealed.toString('latin1')).not.toContain('bob-pw');
    const again = await deriveVaultKey({ primaryPassword: 'alice-pw', serverSecret, userId });
    expect(openForAccount(sealed, again, accountId)).toBe('bob-pw 비밀');
  });

  it('does not open with another primary password, server secret, user or account', async () => {
    const key = await deriveVaultKey({ primaryPassword: 'alice-pw', serverSecret, userId });
    const sealed = sealForAccount('bob-pw', key, accountId);
    const others = await Promise.all([
      deriveVaultKey({ primaryPassword: 'alice-pw2', serverSecret, userId }),
      deriveVaultKey({ primaryPassword: 'alice-pw', serverSecret: Buffer.alloc(32, 8), userId }),
      deriveVaultKey({ primaryPassword: 'alice-pw', serverSecret, userId: accountId }),
    ]);
    for (const other of others) expect(() => openForAccount(sealed, other, accountId)).toThrow();
    expect(() => openForAccount(sealed, key, userId)).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => openForAccount(tampered, key, accountId)).toThrow();
    expect(() => openForAccount(sealed.subarray(0, 10), key, accountId)).toThrow(/too short/);
  });
});
