import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';

describe('discovery and policy configuration', () => {
  it('defaults to discovery on, HTTPS autoconfig, Thunderbird ISPDB, no restrictions', () => {
    const c = loadConfig({});
    expect(c.signInAllowedDomains).toBeNull();
    expect(c.mailAllowedHosts).toBeNull();
    expect(c.discovery).toEqual({
      enabled: true,
      dnsServers: [],
      ispdbUrl: 'https://autoconfig.thunderbird.net/v1.1/',
      autoconfigScheme: 'https',
      autoconfigPort: null,
      sourceTimeoutMs: 4000,
      loginTimeoutMs: 8000,
      cacheTtlHours: 168,
      guessPorts: { imaps: 993, imap: 143, smtps: 465, smtp: 587, pop3s: 995, pop3: 110 },
    });
  });

  it('reads lists, DNS servers and guess ports', () => {
    const c = loadConfig({
      SIGNIN_ALLOWED_DOMAINS: 'School.Example, *.school.example',
      MAIL_ALLOWED_HOSTS: '127.0.0.1,10.0.0.0/8,*.school.example,mail.school.example',
      DISCOVERY_DNS_SERVERS: '127.0.0.1:5353, [::1]:53',
      DISCOVERY_ISPDB_URL: '',
      DISCOVERY_GUESS_PORTS: 'imaps:21993,smtp:21587',
    });
    expect(c.signInAllowedDomains).toEqual(['school.example', '*.school.example']);
    expect(c.mailAllowedHosts).toEqual(['127.0.0.1', '10.0.0.0/8', '*.school.example', 'mail.school.example']);
    expect(c.discovery).toMatchObject({
      dnsServers: ['127.0.0.1:5353', '[::1]:53'],
      ispdbUrl: null,
      guessPorts: { imaps: 21993, imap: 143, smtps: 465, smtp: 21587, pop3s: 995, pop3: 110 },
    });
  });

  it.each([
    ['MAIL_ALLOWED_HOSTS', 'http://evil'],
    ['MAIL_ALLOWED_HOSTS', '10.0.0.0/40'],
    ['SIGNIN_ALLOWED_DOMAINS', 'not a domain'],
    ['DISCOVERY_DNS_SERVERS', 'dns.example'],
    ['DISCOVERY_ISPDB_URL', 'ftp://x/'],
    ['DISCOVERY_GUESS_PORTS', 'imaps:0'],
    ['DISCOVERY_AUTOCONFIG_SCHEME', 'gopher'],
    ['DISCOVERY_TIMEOUT_MS', '5'],
  ])('stops start-up naming %s for %j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}: expected`));
  });
});
