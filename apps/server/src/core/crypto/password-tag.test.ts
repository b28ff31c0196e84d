import { describe, expect, it } from 'vitest';
import { passwordTag } from './password-tag.ts';

// fixed inputs: the expectations below are facts about these values, not chances
const serverSecret = Buffer.alloc(32, 7);

// scrypt by design: six derivations take seconds on a busy 2-core machine, past vitest's 5 s default
describe('passwordTag', { timeout: 30_000 }, () => {
  it('is stable for one password and 16 bits wide', async () => {
    const a = await passwordTag({ serverSecret, email: 'alice@school.test', password: 'alice-pw' });
    expect(await passwordTag({ serverSecret, email: 'alice@school.test', password: 'alice-pw' })).toBe(a);
    expect(Number.isInteger(a) && a >= 0 && a < 65536).toBe(true);
  });

  it('changes with the password, the address and the server secret', async () => {
    const tags = await Promise.all(
      ['pw-1', 'pw-2', 'pw-3', 'pw-4'].map((password) =>
        passwordTag({ serverSecret, email: 'alice@school.test', password }),
      ),
    );
    expect(new Set(tags).size).toBe(4);
    const base = { email: 'alice@school.test', password: 'pw-1' };
    const others = await Promise.all([
      passwordTag({ serverSecret, ...base, email: 'bob@school.test' }),
      passwordTag({ serverSecret: Buffer.alloc(32, 9), ...base }),
    ]);
    expect(others.every((t) => t !== tags[0])).toBe(true);
  });
});
