import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { derivePasswordKey, openPassword, sealPassword } from './password-box.ts';
import { newSessionToken } from './session-token.ts';

const serverSecret = randomBytes(32);
const password = 'correct horse · battery 스테이플';

function sealed() {
  const t = newSessionToken();
  const key = derivePasswordKey({ serverSecret, cookieSecret: t.secret, sessionId: t.id });
  return { t, key, box: sealPassword(password, key, t.id) };
}

describe('session password encryption', () => {
  it('round-trips with the same server secret, cookie secret and session id', () => {
    const { t, box } = sealed();
    const key = derivePasswordKey({ serverSecret, cookieSecret: t.secret, sessionId: t.id });
    expect(openPassword(box, key, t.id)).toBe(password);
    expect(box.toString('utf8')).not.toContain(password);
    expect(box.length).toBe(12 + 16 + Buffer.byteLength(password));
  });

  it('uses a fresh IV each time', () => {
    const { t, key } = sealed();
    expect(sealPassword(password, key, t.id).equals(sealPassword(password, key, t.id))).toBe(false);
  });

  it('fails with another cookie secret', () => {
    const { t, box } = sealed();
    const wrong = derivePasswordKey({ serverSecret, cookieSecret: newSessionToken().secret, sessionId: t.id });
    expect(() => openPassword(box, wrong, t.id)).toThrow();
  });

  it('fails with another server secret', () => {
    const { t, box } = sealed();
    const wrong = derivePasswordKey({ serverSecret: randomBytes(32), cookieSecret: t.secret, sessionId: t.id });
    expect(() => openPassword(box, wrong, t.id)).toThrow();
  });

  it('fails for another session id (key and associated data)', () => {
    const { t, key, box } = sealed();
    const other = newSessionToken().id;
    expect(() => openPassword(box, key, other)).toThrow();
    expect(() =>
      openPassword(box, derivePasswordKey({ serverSecret, cookieSecret: t.secret, sessionId: other }), other),
    ).toThrow();
  });

  it.each([0, 5, 12, 20, 28, 30])('fails when byte %i is tampered with', (i) => {
    const { t, key, box } = sealed();
    const tampered = Buffer.from(box);
    tampered[i] = tampered[i]! ^ 0x01;
    expect(() => openPassword(tampered, key, t.id)).toThrow();
  });

  it('fails when truncated', () => {
    const { t, key, box } = sealed();
    expect(() => openPassword(box.subarray(0, box.length - 1), key, t.id)).toThrow();
    expect(() => openPassword(box.subarray(0, 20), key, t.id)).toThrow();
  });

  it('refuses short secrets', () => {
    const t = newSessionToken();
    expect(() =>
      derivePasswordKey({ serverSecret: randomBytes(16), cookieSecret: t.secret, sessionId: t.id }),
    ).toThrow();
    expect(() => derivePasswordKey({ serverSecret, cookieSecret: 'short', sessionId: t.id })).toThrow();
  });
});
