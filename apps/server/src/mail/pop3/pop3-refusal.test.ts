import { describe, expect, it } from 'vitest';
import { isPop3CredentialRefusal } from './pop3-refusal.ts';

describe('isPop3CredentialRefusal', () => {
  it('takes a plain -ERR or [AUTH] to PASS as a refused password', () => {
    expect(isPop3CredentialRefusal('Authentication failed.')).toBe(true);
    expect(isPop3CredentialRefusal('[AUTH] Authentication failed.')).toBe(true);
  });

  it('does not blame the password for a server that is busy or restarting', () => {
    expect(isPop3CredentialRefusal('[SYS/TEMP] Temporary authentication failure.')).toBe(false);
    expect(isPop3CredentialRefusal(' [sys/perm] Internal error')).toBe(false);
    expect(isPop3CredentialRefusal('[IN-USE] Mailbox locked by another session')).toBe(false);
  });
});
