import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const load = (env: Record<string, string>) => loadConfig(env, '/srv/pigeon');

describe('loadConfig', () => {
  it('uses embedded defaults with an empty environment', () => {
    const c = load({});
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe('/srv/pigeon/data');
    expect(c.databaseUrl).toBeNull();
    expect(c.mailDefault).toBeNull();
    expect(c.cookieSecure).toBe('auto');
  });

  it('names the variable and what is expected', () => {
    expect(() => load({ PORT: 'eighty' })).toThrow('PORT: expected an integer from 0 to 65535, got "eighty"');
    expect(() => load({ TRUST_PROXY: 'maybe' })).toThrow(/^TRUST_PROXY: expected false, the number of proxies/);
    expect(() => load({ COOKIE_SECURE: 'sometimes' })).toThrow(/^COOKIE_SECURE: expected one of auto, always, never/);
    expect(() => load({ SESSION_SECRET: 'short' })).toThrow(/^SESSION_SECRET: expected 32 random bytes in base64/);
    expect(() => load({ DATABASE_URL: 'mysql://x' })).toThrow(/^DATABASE_URL: expected a postgresql:\/\/ URL/);
    expect(() => load({ MAIL_IMAP_URL: 'imaps://imap.example.org' })).toThrow(/^MAIL_SMTP_URL: /);
    expect(() => load({ MAIL_IMAP_URL: 'http://x', MAIL_SMTP_URL: 'smtps://y' })).toThrow(
      /^MAIL_IMAP_URL: expected a imap server URL/,
    );
    expect(() => load({ MAIL_DOMAINS: '{"a.example": 1}' })).toThrow(/^MAIL_DOMAINS: expected JSON/);
    expect(() => load({ PORT: 'x' })).toThrow(ConfigError);
    expect(() => load({ WEB_PUSH_SERVICES: '*' })).toThrow(/^WEB_PUSH_SERVICES: expected .*not \*/);
    expect(() => load({ WEB_PUSH_SUBJECT: 'postmaster' })).toThrow(/^WEB_PUSH_SUBJECT: expected a mailto:/);
    expect(() => load({ WEB_PUSH_VAPID_PUBLIC_KEY: 'B'.repeat(87) })).toThrow(
      /^WEB_PUSH_VAPID_PRIVATE_KEY: expected set together/,
    );
  });

  it('reads the POP3 check interval (minutes, 5 by default)', () => {
    expect(load({}).pop3.checkIntervalMinutes).toBe(5);
    expect(load({ POP3_CHECK_INTERVAL_MINUTES: '15' }).pop3.checkIntervalMinutes).toBe(15);
    expect(() => load({ POP3_CHECK_INTERVAL_MINUTES: '0' })).toThrow(/^POP3_CHECK_INTERVAL_MINUTES: /);
    expect(() => load({ POP3_CHECK_INTERVAL_MINUTES: 'often' })).toThrow(/^POP3_CHECK_INTERVAL_MINUTES: /);
  });

  it('takes the test-only unsanitized-bodies switch, off by default and refused in production', () => {
    expect(load({}).reading.unsanitizedBodiesForTests).toBe(false);
    expect(load({}).sortHereForTests).toBeNull();
    expect(load({ TEST_SORT_HERE_PAUSE_MS: '500' }).sortHereForTests).toEqual({ pauseMs: 500 });
    expect(() => load({ TEST_SORT_HERE_PAUSE_MS: '500', NODE_ENV: 'production' })).toThrow(
      /^TEST_SORT_HERE_PAUSE_MS: expected unset in production/,
    );
    expect(load({ TEST_UNSANITIZED_BODIES: 'true' }).reading.unsanitizedBodiesForTests).toBe(true);
    expect(() => load({ TEST_UNSANITIZED_BODIES: 'true', NODE_ENV: 'production' })).toThrow(
      /^TEST_UNSANITIZED_BODIES: expected unset in production/,
    );
    expect(load({ TEST_UNSANITIZED_BODIES: 'false', NODE_ENV: 'production' }).reading.unsanitizedBodiesForTests).toBe(
      false,
    );
  });

  it('validates the operations settings', () => {
    expect(() => load({ METRICS_TOKEN: 'short' })).toThrow(
      /^METRICS_TOKEN: expected at least 16 characters, got "<hidden>"/,
    );
    expect(() => load({ REDIS_URL: 'http://redis:6379' })).toThrow(
      /^REDIS_URL: expected a redis:\/\/ or rediss:\/\/ URL/,
    );
    expect(() => load({ SHUTDOWN_TIMEOUT_MS: '10' })).toThrow(/^SHUTDOWN_TIMEOUT_MS: expected an integer from 1000/);
    expect(() => load({ METRICS_PORT: '70000' })).toThrow(/^METRICS_PORT: /);
    const c = load({ METRICS_TOKEN: 'x'.repeat(16), METRICS_PORT: '9464', REDIS_URL: 'redis://127.0.0.1:6390' });
    expect(c.metrics).toEqual({ token: 'x'.repeat(16), host: '127.0.0.1', port: 9464 });
    expect(c.redisUrl).toBe('redis://127.0.0.1:6390');
    expect(load({}).metrics.port).toBeNull();
  });

  it('refuses a passphrase as SESSION_SECRET and takes random bytes in base64 or hex', () => {
    expect(() => load({ SESSION_SECRET: 'correct horse battery staple correct horse battery' })).toThrow(
      /^SESSION_SECRET: expected 32 random bytes in base64 \(`openssl rand -base64 32`\), not a passphrase/,
    );
    expect(() => load({ SESSION_SECRET: 'pigeon-test-session-secret-0123456789abcdef0123456789abcdef012345' })).toThrow(
      /^SESSION_SECRET: /,
    );
    expect(load({ SESSION_SECRET: 'UqekDYWyC19jg/0czdXKtJvoWZpXOZ250OGB3SIkRVo=' }).sessionSecret).toBe(
      'UqekDYWyC19jg/0czdXKtJvoWZpXOZ250OGB3SIkRVo=',
    );
    expect(load({ SESSION_SECRET: '0123456789abcdef'.repeat(4) }).sessionSecret).toHaveLength(64);
  });

  it('reads TRUST_PROXY as a hop count or proxy addresses, and refuses true (every hop)', () => {
    expect(load({}).trustProxy).toBe(false);
    expect(load({ TRUST_PROXY: '1' }).trustProxy).toEqual({ hops: 1 });
    expect(load({ TRUST_PROXY: '10.0.0.5,fd00::/8' }).trustProxy).toEqual({ addresses: ['10.0.0.5', 'fd00::/8'] });
    expect(() => load({ TRUST_PROXY: 'true' })).toThrow(/^TRUST_PROXY: .*`true` would let any client choose its IP/);
    expect(() => load({ TRUST_PROXY: '10.0.0.0/40' })).toThrow(/^TRUST_PROXY: /);
  });

  it('reads the request rates and session caps', () => {
    const c = load({
      SIGNIN_RATE_PER_MINUTE: '12',
      AUTOCONFIG_RATE_PER_MINUTE: '7',
      SESSIONS_MAX_PER_USER: '3',
      LIVE_SESSIONS_MAX: '9',
    });
    expect(c).toMatchObject({
      signInRatePerMinute: 12,
      autoconfigRatePerMinute: 7,
      sessionsMaxPerUser: 3,
      liveSessionsMax: 9,
    });
    expect(() => load({ SESSIONS_MAX_PER_USER: '0' })).toThrow(/^SESSIONS_MAX_PER_USER: /);
  });

  it('validates the reading bounds and how they relate', () => {
    expect(load({}).reading).toMatchObject({
      displayMaxBytes: 8 * 1024 * 1024,
      maxParts: 500,
      workers: 2,
      timeBudgetMs: 3000,
      imapMaxLiteralBytes: 64 * 1024 * 1024,
    });
    expect(() => load({ READ_WORKERS: '0' })).toThrow(/^READ_WORKERS: expected an integer from 1 to 64/);
    expect(() => load({ IMAP_MAX_LITERAL_BYTES: '2097152', IMAP_MAX_RESPONSE_BYTES: '2097152' })).toThrow(
      /^IMAP_MAX_RESPONSE_BYTES: expected more than IMAP_MAX_LITERAL_BYTES/,
    );
    expect(() => load({ MESSAGE_DISPLAY_MAX_BYTES: String(64 * 1024 * 1024) })).toThrow(
      /^MESSAGE_DISPLAY_MAX_BYTES: expected less than IMAP_MAX_LITERAL_BYTES/,
    );
  });

  it('does not echo the session secret or database URL', () => {
    expect(() => load({ SESSION_SECRET: 'hunter2' })).toThrow(/<hidden>/);
    expect(() => load({ DATABASE_URL: 'mysql://user:secretpw@h' })).not.toThrow(/secretpw/);
  });

  it('reads per-domain and default mail servers', () => {
    const c = load({
      MAIL_DOMAINS: JSON.stringify({
        'School.Example': { imap: 'imap://127.0.0.1:21143', smtp: 'smtps://mx.school.example' },
      }),
      MAIL_IMAP_URL: 'imaps://imap.example.org',
      MAIL_SMTP_URL: 'smtp://smtp.example.org',
    });
    expect(c.mailDomains['school.example']).toEqual({
      imap: { host: '127.0.0.1', port: 21143, tls: 'starttls' },
      smtp: { host: 'mx.school.example', port: 465, tls: 'tls' },
    });
    expect(c.mailDefault?.smtp).toEqual({ host: 'smtp.example.org', port: 587, tls: 'starttls' });
  });
});
