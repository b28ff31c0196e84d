import { describe, expect, it } from 'vitest';
import type { MailAccount } from '../../core/auth.types.ts';
import { openAccount, sealAccount } from './outbox-credentials.ts';

const account: MailAccount = {
  id: '6f1e2c1a-3d4b-4c5d-8e9f-0a1b2c3d4e5f',
  protocol: 'imap',
  email: 'alice@school.test',
  login: 'alice@school.test',
  password: 'p@ss "w\\rd" 한글',
  incoming: { host: '127.0.0.1', port: 21143, tls: 'starttls' },
  smtp: { host: '127.0.0.1', port: 21587, tls: 'starttls' },
};
const secret = Buffer.alloc(32, 7);
const id = '0b5c3f5e-4f6e-4a4e-9d59-2f7f6f0c1a11';

describe('outbox credentials', () => {
  it('round-trips and the sealed bytes do not contain the password', () => {
    const sealed = sealAccount(account, secret, id);
    expect(sealed.includes(Buffer.from(account.password))).toBe(false);
    expect(sealed.includes(Buffer.from('alice'))).toBe(false);
    expect(openAccount(sealed, secret, id)).toEqual(account);
  });
  it('fails with another server secret, another message id or a flipped bit', () => {
    const sealed = sealAccount(account, secret, id);
    expect(() => openAccount(sealed, Buffer.alloc(32, 8), id)).toThrow();
    expect(() => openAccount(sealed, secret, id.replace('0b', '0c'))).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => openAccount(tampered, secret, id)).toThrow();
  });
});
