import { describe, expect, it } from 'vitest';
import { AppError } from '../core/app-error.ts';
import { isConnectionError, isCredentialRefusal, toMailError } from './imap-errors.ts';
import { classifyImapError } from './connect.ts';

describe('toMailError', () => {
  it('maps a missing mailbox to 404 mailbox.not_found', () => {
    expect(toMailError(Object.assign(new Error('Command failed'), { mailboxMissing: true }), 'Nope')).toMatchObject({
      statusCode: 404,
      code: 'mailbox.not_found',
    });
    expect(toMailError(Object.assign(new Error('x'), { code: 'NotFound' }), 'Nope').code).toBe('mailbox.not_found');
    expect(toMailError(Object.assign(new Error('x'), { serverResponseCode: 'TRYCREATE' }), 'Nope').code).toBe(
      'mailbox.not_found',
    );
  });

  it('maps a lost connection to 502 mail.server_unreachable', () => {
    const err = Object.assign(new Error('Connection not available'), { code: 'NoConnection' });
    expect(isConnectionError(err)).toBe(true);
    expect(toMailError(err, 'INBOX')).toMatchObject({ statusCode: 502, code: 'mail.server_unreachable' });
  });

  it('hides anything else behind 502 mail.operation_failed', () => {
    const mapped = toMailError(new Error('NO [SERVERBUG] internal details'), 'INBOX');
    expect(mapped).toMatchObject({ statusCode: 502, code: 'mail.operation_failed' });
    expect(mapped.message).not.toContain('SERVERBUG');
  });

  it('passes AppErrors through', () => {
    const e = new AppError(400, 'message.invalid_action', 'no');
    expect(toMailError(e)).toBe(e);
  });
});

describe('isCredentialRefusal / classifyImapError', () => {
  const server = { host: '127.0.0.1', port: 993, tls: 'tls' as const };
  const refused = (code?: string) =>
    Object.assign(new Error('Command failed'), { authenticationFailed: true, serverResponseCode: code });

  it('blames the password for AUTHENTICATIONFAILED or a bare NO', () => {
    expect(isCredentialRefusal(refused('AUTHENTICATIONFAILED'))).toBe(true);
    expect(isCredentialRefusal(refused())).toBe(true);
    expect(classifyImapError(refused('AUTHENTICATIONFAILED'), server)).toMatchObject({
      statusCode: 401,
      code: 'auth.invalid_credentials',
    });
  });

  it('does not blame it for a server that cannot check it now (Dovecot restarting: NO [UNAVAILABLE])', () => {
    for (const code of ['UNAVAILABLE', 'SERVERBUG', 'inuse', 'LIMIT'])
      expect(isCredentialRefusal(refused(code))).toBe(false);
    const mapped = classifyImapError(refused('UNAVAILABLE'), server);
    expect(mapped).toMatchObject({ statusCode: 502, code: 'mail.server_unreachable' });
    expect(mapped.message).toContain('(UNAVAILABLE)');
  });

  it('takes a lost connection during LOGIN (no authenticationFailed) as unreachable', () => {
    const lost = Object.assign(new Error('Connection closed'), { code: 'EConnectionClosed' });
    expect(isCredentialRefusal(lost)).toBe(false);
    expect(classifyImapError(lost, server).code).toBe('mail.server_unreachable');
  });
});
