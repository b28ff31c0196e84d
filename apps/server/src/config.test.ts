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
    expect(() => load({ TRUST_PROXY: 'maybe' })).toThrow(/^TRUST_PROXY: expected true or false/);
    expect(() => load({ COOKIE_SECURE: 'sometimes' })).toThrow(/^COOKIE_SECURE: expected one of auto, always, never/);
    expect(() => load({ SESSION_SECRET: 'short' })).toThrow(/^SESSION_SECRET: expected at least 32 characters/);
    expect(() => load({ DATABASE_URL: 'mysql://x' })).toThrow(/^DATABASE_URL: expected a postgresql:\/\/ URL/);
    expect(() => load({ MAIL_IMAP_URL: 'imaps://imap.example.org' })).toThrow(/^MAIL_SMTP_URL: /);
    expect(() => load({ MAIL_IMAP_URL: 'http://x', MAIL_SMTP_URL: 'smtps://y' })).toThrow(
      /^MAIL_IMAP_URL: expected a imap server URL/,
    );
    expect(() => load({ MAIL_DOMAINS: '{"a.example": 1}' })).toThrow(/^MAIL_DOMAINS: expected JSON/);
    expect(() => load({ PORT: 'x' })).toThrow(ConfigError);
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
