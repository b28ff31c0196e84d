import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import type { HostResolver } from '../../core/net/guard.ts';
import { manualServersRefusal, resolveManualServers, type ManualServers } from './manual-servers.ts';

const email = 'ann@school.example';
const servers = (
  imapHost = 'imap.school.example',
  smtpHost = 'smtp.school.example',
  login?: string,
): ManualServers => ({
  imap: { host: imapHost, port: 993, tls: 'tls' },
  smtp: { host: smtpHost, port: 465, tls: 'tls' },
  ...(login === undefined ? {} : { login }),
});
const settings = (env: Record<string, string> = {}) => loadConfig({ LOG_LEVEL: 'silent', ...env });

/** A resolver from a table; records every name it was asked for (and never touches the network). */
function fakeResolver(table: Record<string, string[]>): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const answer = async (host: string, v6: boolean) => {
    asked.push(host);
    const all = (table[host] ?? []).filter((a) => a.includes(':') === v6);
    if (!all.length) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' });
    return all;
  };
  return { asked, resolve4: (h) => answer(h, false), resolve6: (h) => answer(h, true) };
}

describe('manualServersRefusal', () => {
  it('accepts hosts of the address domain when any public host may be contacted', () => {
    expect(manualServersRefusal(email, servers(), settings())).toBeNull();
    expect(manualServersRefusal(email, servers('school.example', 'mx.mail.school.example'), settings())).toBeNull();
  });

  it('refuses, with MAIL_ALLOWED_HOSTS=*, hosts the address domain does not own (they could vouch for anyone)', () => {
    for (const host of ['imap.elsewhere.example', 'school.example.evil.test', 'evilschool.example', '203.0.113.7']) {
      expect(manualServersRefusal(email, servers(host), settings()), host).toMatchObject({
        code: 'mail.server_not_allowed',
        extra: { details: { server: host } },
      });
    }
  });

  it('leaves an allowlist to the guard (which also checks the resolved address)', () => {
    const s = settings({ MAIL_ALLOWED_HOSTS: '127.0.0.1,*.hoster.test' });
    expect(manualServersRefusal(email, servers('127.0.0.1', 'smtp.hoster.test'), s)).toBeNull();
  });

  it('accepts only the address or its local part as the username', () => {
    for (const login of ['ann@school.example', 'ANN@School.Example', 'ann', ' Ann '])
      expect(manualServersRefusal(email, servers(undefined, undefined, login), settings()), login).toBeNull();
    for (const login of ['bob', 'bob@school.example', 'ann@elsewhere.example', 'school.example'])
      expect(manualServersRefusal(email, servers(undefined, undefined, login), settings()), login).toMatchObject({
        code: 'validation.invalid',
        extra: { field: 'servers.login' },
      });
  });

  it('refuses malformed host names with the field', () => {
    for (const [host, field] of [
      ['imap .school.example', 'servers.imap.host'],
      ['*.school.example', 'servers.imap.host'],
      ['10.0.0.0/8', 'servers.imap.host'],
      ['https://imap.school.example', 'servers.imap.host'],
    ] as const)
      expect(manualServersRefusal(email, servers(host), settings()), host).toMatchObject({
        code: 'validation.invalid',
        extra: { field },
      });
  });

  it('admin settings win: only the pinned servers themselves are accepted', () => {
    const s = settings({
      MAIL_DOMAINS: JSON.stringify({
        'school.example': { imap: 'imaps://imap.school.example:993', smtp: 'smtps://smtp.school.example:465' },
      }),
    });
    expect(manualServersRefusal(email, servers('IMAP.school.example.'), s)).toBeNull();
    const other = servers();
    other.imap.port = 143;
    other.imap.tls = 'starttls';
    expect(manualServersRefusal(email, other, s)).toMatchObject({
      code: 'mail.server_not_allowed',
      extra: { details: { pinned: true } },
    });
    const single = settings({ MAIL_IMAP_URL: 'imaps://mail.host.test', MAIL_SMTP_URL: 'smtps://mail.host.test' });
    expect(manualServersRefusal(email, servers(), single)).toMatchObject({ extra: { details: { pinned: true } } });
  });
});

describe('resolveManualServers', () => {
  it('carries the address the guard checked, and names Google Workspace / Microsoft 365 hosts', async () => {
    const resolver = fakeResolver({ 'imap.gmail.com': ['142.250.1.108'], 'smtp.gmail.com': ['142.250.1.109'] });
    const s = settings({ MAIL_ALLOWED_HOSTS: '*.gmail.com' });
    const r = await resolveManualServers(email, servers('imap.gmail.com', 'smtp.gmail.com', 'ann'), s, { resolver });
    expect(r).toEqual({
      imap: { host: 'imap.gmail.com', port: 993, tls: 'tls', address: '142.250.1.108' },
      smtp: { host: 'smtp.gmail.com', port: 465, tls: 'tls', address: '142.250.1.109' },
      login: 'ann',
      source: 'manual',
      provider: 'google',
    });
  });

  it('refuses a host of the domain that resolves to a private address (checked on the address, not the name)', async () => {
    const resolver = fakeResolver({ 'imap.school.example': ['10.1.2.3'], 'smtp.school.example': ['198.51.100.9'] });
    await expect(resolveManualServers(email, servers(), settings(), { resolver })).rejects.toMatchObject({
      code: 'mail.server_not_allowed',
      extra: { details: { server: 'imap.school.example' } },
    });
  });

  it('answers mail.server_unreachable for a host without an address', async () => {
    const resolver = fakeResolver({ 'smtp.school.example': ['198.51.100.9'] });
    await expect(resolveManualServers(email, servers(), settings(), { resolver })).rejects.toMatchObject({
      statusCode: 502,
      code: 'mail.server_unreachable',
    });
  });

  it('refuses an address domain outside SIGNIN_ALLOWED_DOMAINS before any lookup', async () => {
    const resolver = fakeResolver({});
    const s = settings({ SIGNIN_ALLOWED_DOMAINS: 'other.example' });
    await expect(resolveManualServers(email, servers(), s, { resolver })).rejects.toMatchObject({
      code: 'auth.domain_not_allowed',
    });
    expect(resolver.asked).toEqual([]);
  });

  it('uses the admin servers as pinned, without a lookup', async () => {
    const resolver = fakeResolver({});
    const s = settings({
      MAIL_DOMAINS: JSON.stringify({
        'school.example': { imap: 'imaps://imap.school.example', smtp: 'smtps://smtp.school.example' },
      }),
    });
    const r = await resolveManualServers(email, servers(), s, { resolver });
    expect(r).toMatchObject({ source: 'admin', login: email, imap: { host: 'imap.school.example' } });
    expect(resolver.asked).toEqual([]);
  });
});
