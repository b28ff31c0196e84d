import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  acceptsPassword,
  expandTemplate,
  parseThunderbirdConfig,
  type ThunderbirdConfig,
} from './thunderbird-config.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const parsed = (name: string): ThunderbirdConfig => {
  const r = parseThunderbirdConfig(fixture(name));
  if (!r.ok) throw new Error(r.reason);
  return r.config;
};

describe('parseThunderbirdConfig', () => {
  it('reads imap, pop3 and smtp servers in preference order with every socketType', () => {
    const c = parsed('full.xml');
    expect(c.providerId).toBe('school.example');
    expect(c.domains).toEqual(['school.example', 'students.school.example']);
    expect(c.incoming.map((s) => [s.protocol, s.hostTemplate, s.port, s.tls, s.usernameTemplate])).toEqual([
      ['imap', 'imap.school.example', 993, 'tls', '%EMAILADDRESS%'],
      ['imap', 'imap2.school.example', 143, 'starttls', '%EMAILLOCALPART%'],
      ['pop3', 'pop.school.example', 995, 'tls', '%EMAILLOCALPART%@%EMAILDOMAIN%'],
    ]);
    expect(c.outgoing.map((s) => [s.hostTemplate, s.port, s.tls, s.authentication])).toEqual([
      ['smtp.school.example', 465, 'tls', ['password-cleartext']],
      ['smtp.school.example', 587, 'starttls', ['password-cleartext']],
      ['relay.school.example', 25, 'none', ['none']],
    ]);
    expect(c.incoming[1]!.authentication).toEqual(['password-encrypted']);
  });

  it('tolerates whitespace, unknown elements and types, default ports and case, and reports what it skipped', () => {
    const r = parseThunderbirdConfig(fixture('quirks.xml'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.domains).toEqual(['quirky.example']);
    expect(r.config.incoming).toEqual([
      {
        protocol: 'imap',
        hostTemplate: 'mail.%EMAILDOMAIN%',
        port: 993,
        tls: 'tls',
        usernameTemplate: '%EMAILLOCALPART',
        authentication: ['password-cleartext'],
      },
    ]);
    expect(r.config.outgoing).toEqual([
      {
        protocol: 'smtp',
        hostTemplate: 'mail.%EMAILDOMAIN%',
        port: 587,
        tls: 'starttls',
        usernameTemplate: '%emailaddress%',
        authentication: ['password-cleartext'],
      },
    ]);
    expect(r.skipped).toEqual([
      'server type "exchange" not supported',
      'broken.quirky.example: bad port "99999"',
      'weird.quirky.example: unknown socketType "TLS-ish"',
    ]);
  });

  it('answers a reason, never throws, for malformed XML or a document that is not a config', () => {
    const bad = parseThunderbirdConfig(fixture('malformed.xml'));
    expect(bad).toMatchObject({ ok: false });
    expect(!bad.ok && bad.reason).toMatch(/^malformed XML: .*line \d+/);
    expect(parseThunderbirdConfig(fixture('not-config.xml'))).toEqual({
      ok: false,
      reason: 'not a clientConfig document',
    });
    expect(parseThunderbirdConfig('')).toMatchObject({ ok: false });
    expect(parseThunderbirdConfig('<clientConfig version="1.1"/>')).toEqual({
      ok: false,
      reason: 'no emailProvider element',
    });
    expect(
      parseThunderbirdConfig(
        '<clientConfig><emailProvider id="x"><incomingServer type="ews"><hostname>h</hostname></incomingServer></emailProvider></clientConfig>',
      ),
    ).toEqual({
      ok: false,
      reason: 'no usable server (server type "ews" not supported)',
    });
  });

  it('does not expand entities (no billion-laughs, no external entities)', () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "AAAAAAAA">]><clientConfig><emailProvider id="e"><incomingServer type="imap"><hostname>&a;.example</hostname><socketType>SSL</socketType></incomingServer></emailProvider></clientConfig>';
    const r = parseThunderbirdConfig(xml);
    expect(r.ok && r.config.incoming[0]!.hostTemplate).toBe('&a;.example');
  });

  it('knows which servers take the account password', () => {
    const google = parsed('oauth-only.xml');
    expect(google.incoming.map(acceptsPassword)).toEqual([false]);
    expect(parsed('full.xml').incoming.every(acceptsPassword)).toBe(true);
    expect(acceptsPassword({ authentication: ['OAuth2', 'password-cleartext'] })).toBe(true);
    expect(acceptsPassword({ authentication: ['client-IP-address'] })).toBe(false);
  });
});

describe('expandTemplate', () => {
  const email = 'Kim.Minji@School.Example';
  it.each([
    ['%EMAILADDRESS%', 'Kim.Minji@School.Example'],
    ['%EMAILLOCALPART%', 'Kim.Minji'],
    ['%EMAILDOMAIN%', 'school.example'],
    ['%EMAILLOCALPART%@%EMAILDOMAIN%', 'Kim.Minji@school.example'],
    ['mail.%EMAILDOMAIN%', 'mail.school.example'],
    ['%EMAILLOCALPART', 'Kim.Minji'],
    ['%EMAILLOCALPART@%EMAILDOMAIN%', 'Kim.Minji@school.example'],
    ['%emailaddress%', 'Kim.Minji@School.Example'],
    ['  %EMAILADDRESS%  ', 'Kim.Minji@School.Example'],
    ['fixed-user', 'fixed-user'],
    ['%REALNAME%', '%REALNAME%'],
  ])('%s -> %s', (template, expected) => {
    expect(expandTemplate(template, email)).toBe(expected);
  });
});
