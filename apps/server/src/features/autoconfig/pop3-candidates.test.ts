import { describe, expect, it } from 'vitest';
import { pop3FromConfig, pop3FromSrv, pop3Guesses } from './pop3-candidates.ts';
import { parseThunderbirdConfig } from './thunderbird-config.ts';

const xml = (incoming: string) => `<?xml version="1.0"?>
<clientConfig version="1.1"><emailProvider id="x">${incoming}
  <outgoingServer type="smtp"><hostname>smtp.%EMAILDOMAIN%</hostname><port>465</port><socketType>SSL</socketType></outgoingServer>
</emailProvider></clientConfig>`;
const pop = (host: string, socket: string, port?: number, auth = 'password-cleartext') =>
  `<incomingServer type="pop3"><hostname>${host}</hostname>${port ? `<port>${port}</port>` : ''}<socketType>${socket}</socketType><username>%EMAILLOCALPART%</username><authentication>${auth}</authentication></incomingServer>`;

describe('POP3 candidates', () => {
  it('takes a config’s POP3 servers in order, never plain text, with its SMTP and username template', () => {
    const parsed = parseThunderbirdConfig(
      xml(pop('pop.%EMAILDOMAIN%', 'SSL') + pop('plain.example.org', 'plain') + pop('POP3.Example.org', 'STARTTLS')),
    );
    if (!parsed.ok) throw new Error(parsed.reason);
    const c = pop3FromConfig(parsed.config, 'kim@Example.org', 'autoconfig');
    expect(c.map((x) => x.pop3)).toEqual([
      { host: 'pop.example.org', port: 995, tls: 'tls' },
      { host: 'pop3.example.org', port: 110, tls: 'starttls' },
    ]);
    expect(c[0]).toMatchObject({
      source: 'autoconfig',
      smtp: { host: 'smtp.example.org', port: 465, tls: 'tls' },
      usernameTemplate: '%EMAILLOCALPART%',
      passwordWorks: true,
    });
  });

  it('an IMAP-only config has no POP3 candidate; an OAuth-only POP3 server does not take the password', () => {
    const imapOnly = parseThunderbirdConfig(
      xml('<incomingServer type="imap"><hostname>imap.x.org</hostname><socketType>SSL</socketType></incomingServer>'),
    );
    if (!imapOnly.ok) throw new Error(imapOnly.reason);
    expect(pop3FromConfig(imapOnly.config, 'a@x.org', 'autoconfig')).toEqual([]);
    const oauth = parseThunderbirdConfig(xml(pop('pop.x.org', 'SSL', 995, 'OAuth2')));
    if (!oauth.ok) throw new Error(oauth.reason);
    expect(pop3FromConfig(oauth.config, 'a@x.org', 'autoconfig')[0]!.passwordWorks).toBe(false);
  });

  it('orders SRV records: implicit TLS first, then by priority and weight; "." is not offered', () => {
    const c = pop3FromSrv(
      [
        { name: 'b.x.org.', port: 995, priority: 20, weight: 0 },
        { name: 'a.x.org', port: 995, priority: 10, weight: 5 },
        { name: '.', port: 0, priority: 0, weight: 0 },
      ],
      [{ name: 'c.x.org', port: 110, priority: 0, weight: 0 }],
      null,
    );
    expect(c.map((x) => `${x.pop3.host}:${x.pop3.port}:${x.pop3.tls}`)).toEqual([
      'a.x.org:995:tls',
      'b.x.org:995:tls',
      'c.x.org:110:starttls',
    ]);
    expect(c.every((x) => x.source === 'srv' && x.smtp === null)).toBe(true);
  });

  it('guesses pop., pop3., mail. on 995, then on 110 with STLS', () => {
    const c = pop3Guesses('x.org', { pop3s: 995, pop3: 110 }, null);
    expect(c.map((x) => `${x.pop3.host}:${x.pop3.port}:${x.pop3.tls}`)).toEqual([
      'pop.x.org:995:tls',
      'pop3.x.org:995:tls',
      'mail.x.org:995:tls',
      'pop.x.org:110:starttls',
      'pop3.x.org:110:starttls',
      'mail.x.org:110:starttls',
    ]);
    expect(c.every((x) => x.guessed)).toBe(true);
  });
});
