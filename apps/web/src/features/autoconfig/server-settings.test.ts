import { describe, expect, it } from 'vitest';
import type { AutoconfigResult } from '@pigeon/shared';
import {
  emptyServerForm,
  portAfterProtocolChange,
  portAfterSecurityChange,
  serverFieldOf,
  serverFormFrom,
  toSignInServers,
  validateServerForm,
  type ServerForm,
} from './server-settings';

const email = 'ann@school.example';
const filled = (over: Partial<ServerForm> = {}): ServerForm => ({
  ...emptyServerForm(),
  imapHost: 'imap.school.example',
  smtpHost: 'smtp.school.example',
  ...over,
});

describe('validateServerForm', () => {
  it('accepts host names, IPv4 and IPv6 addresses with ports 1..65535', () => {
    expect(validateServerForm(filled(), email)).toEqual({});
    expect(
      validateServerForm(
        filled({ imapHost: '192.0.2.10', smtpHost: '[2001:db8::1]', imapPort: ' 1 ', smtpPort: '65535' }),
        email,
      ),
    ).toEqual({});
  });

  it('asks for hosts and ports that are missing', () => {
    expect(validateServerForm({ ...emptyServerForm(), imapPort: ' ', smtpPort: '' }, email)).toEqual({
      imapHost: 'errors.validation.required',
      imapPort: 'errors.validation.required',
      smtpHost: 'errors.validation.required',
      smtpPort: 'errors.validation.required',
    });
  });

  it('flags malformed hosts and ports inline', () => {
    for (const host of [
      'imap school.example',
      'https://imap.school.example',
      'imap.school.example:993',
      '-bad.example',
    ])
      expect(validateServerForm(filled({ imapHost: host }), email), host).toEqual({
        imapHost: 'signIn.advanced.invalidHost',
      });
    for (const port of ['0', '65536', '99999', '12a', '-1', '1.5'])
      expect(validateServerForm(filled({ smtpPort: port }), email), port).toEqual({
        smtpPort: 'signIn.advanced.invalidPort',
      });
  });

  it('accepts only the address or its local part as the username (or nothing)', () => {
    for (const username of ['', 'ann', 'Ann@School.example'])
      expect(validateServerForm(filled({ username }), email), username).toEqual({});
    for (const username of ['bob', 'ann@other.example'])
      expect(validateServerForm(filled({ username }), email), username).toEqual({
        username: 'signIn.advanced.invalidUsername',
      });
  });
});

describe('the form and the sign-in body', () => {
  it('becomes SignInServers with numbers, trimmed hosts, and the username only when typed', () => {
    expect(
      toSignInServers(
        filled({
          imapHost: ' imap.school.example ',
          smtpHost: '[2001:db8::1]',
          smtpSecurity: 'starttls',
          smtpPort: '587',
        }),
      ),
    ).toEqual({
      imap: { host: 'imap.school.example', port: 993, tls: 'tls' },
      smtp: { host: '2001:db8::1', port: 587, tls: 'starttls' },
    });
    expect(toSignInServers(filled({ username: ' ann ' })).login).toBe('ann');
  });

  it('is prefilled from discovery, showing a username only when it is not the address', () => {
    const result: AutoconfigResult = {
      email,
      found: true,
      source: 'autoconfig',
      incoming: { host: 'mail.school.example', port: 143, security: 'starttls', username: 'ann' },
      outgoing: { host: 'mail.school.example', port: 25, security: 'none', username: 'ann' },
      passwordWorks: true,
      provider: null,
    };
    expect(serverFormFrom(result)).toEqual({
      protocol: 'imap',
      imapHost: 'mail.school.example',
      imapPort: '143',
      imapSecurity: 'starttls',
      smtpHost: 'mail.school.example',
      smtpPort: '25',
      smtpSecurity: 'starttls',
      username: 'ann',
    });
    expect(serverFormFrom({ ...result, incoming: { ...result.incoming!, username: email } }).username).toBe('');
    expect(serverFormFrom(null)).toEqual(emptyServerForm());
  });

  it('moves a default port along with the security, and keeps a typed one', () => {
    expect(portAfterSecurityChange('imap', 'starttls', '993')).toBe('143');
    expect(portAfterSecurityChange('smtp', 'starttls', '465')).toBe('587');
    expect(portAfterSecurityChange('smtp', 'tls', '')).toBe('465');
    expect(portAfterSecurityChange('imap', 'starttls', '10143')).toBe('10143');
  });

  it('POP3 (account-protocol): the incoming server goes as `pop3`, its default ports follow the protocol', () => {
    const body = toSignInServers(filled({ protocol: 'pop3', imapHost: 'pop.school.example', imapPort: '995' }));
    expect(body).toEqual({
      pop3: { host: 'pop.school.example', port: 995, tls: 'tls' },
      smtp: { host: 'smtp.school.example', port: 465, tls: 'tls' },
    });
    expect(body.imap).toBeUndefined();
    expect(portAfterProtocolChange('imap', 'pop3', 'tls', '993')).toBe('995');
    expect(portAfterProtocolChange('pop3', 'imap', 'starttls', '110')).toBe('143');
    expect(portAfterProtocolChange('imap', 'pop3', 'tls', '10993')).toBe('10993');
    expect(portAfterSecurityChange('pop3', 'starttls', '995')).toBe('110');
    const found: AutoconfigResult = {
      email,
      found: true,
      protocol: 'pop3',
      source: 'srv',
      incoming: { host: 'pop.school.example', port: 995, security: 'tls', username: email },
      outgoing: null,
      passwordWorks: true,
      provider: null,
    };
    expect(serverFormFrom(found)).toMatchObject({ protocol: 'pop3', imapHost: 'pop.school.example', imapPort: '995' });
    expect(serverFieldOf('servers.pop3.port')).toBe('imapPort');
  });

  it('maps the server fields of a 400 to the form', () => {
    expect(serverFieldOf('servers.imap.host')).toBe('imapHost');
    expect(serverFieldOf('servers.login')).toBe('username');
    expect(serverFieldOf('email')).toBeNull();
    expect(serverFieldOf(undefined)).toBeNull();
  });
});
