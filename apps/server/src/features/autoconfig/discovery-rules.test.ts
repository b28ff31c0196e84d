import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/app-error.ts';
import { cacheable, encryptedOnly } from './discovery-rules.ts';
import type { Candidate } from './discovery-sources.ts';

const candidate = (over: Partial<Candidate> = {}): Candidate => ({
  source: 'autoconfig',
  imap: { host: 'imap.x.test', port: 993, tls: 'tls' },
  smtp: { host: 'smtp.x.test', port: 465, tls: 'tls' },
  usernameTemplate: '%EMAILADDRESS%',
  passwordWorks: true,
  provider: null,
  ...over,
});
const refused = new AppError(401, 'auth.invalid_credentials', 'no');
const unreachable = new AppError(502, 'mail.server_unreachable', 'down');
const winner = (c: Candidate, rank: number) => ({ candidate: c, value: null, source: c.source, rank });
const failure = (error: unknown, rank: number) => ({ candidate: candidate(), source: 'autoconfig', error, rank });

describe('discovery rules', () => {
  it('drops plain-text IMAP candidates, and a plain-text SMTP server from an encrypted one', () => {
    expect(encryptedOnly(candidate({ imap: { host: 'i', port: 143, tls: 'none' } }))).toBeNull();
    expect(encryptedOnly(candidate({ smtp: { host: 's', port: 25, tls: 'none' } }))?.smtp).toBeNull();
    expect(encryptedOnly(candidate({ imap: { host: 'i', port: 143, tls: 'starttls' } }))).not.toBeNull();
  });

  it('caches a winner only when no better-ranked candidate answered the login, and never a guess', () => {
    expect(cacheable({ winner: winner(candidate(), 0), failures: [] })).toBe(true);
    expect(cacheable({ winner: winner(candidate({ source: 'srv' }), 2), failures: [failure(unreachable, 0)] })).toBe(
      true,
    );
    expect(cacheable({ winner: winner(candidate({ source: 'srv' }), 2), failures: [failure(refused, 1)] })).toBe(false);
    // a refusal ranked after the winner contradicts nothing
    expect(cacheable({ winner: winner(candidate(), 0), failures: [failure(refused, 3)] })).toBe(true);
    expect(cacheable({ winner: winner(candidate({ source: 'guess', guessed: true }), 0), failures: [] })).toBe(false);
    expect(cacheable({ winner: null, failures: [] })).toBe(false);
  });
});
