import { describe, expect, it } from 'vitest';
import { AppError } from '../core/app-error.ts';
import { isConnectionError, toMailError } from './imap-errors.ts';

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
