import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, classifySendError, retryDelay } from './retry.ts';

describe('classifySendError', () => {
  it('5xx at RCPT is a rejected recipient, with the server’s words', () => {
    const err = Object.assign(new Error("Can't send mail - all recipients were rejected"), {
      code: 'EENVELOPE',
      responseCode: 550,
      command: 'RCPT TO',
      response: '550 5.1.1 <nobody@school.test>: Recipient address rejected: User unknown',
    });
    expect(classifySendError(err)).toEqual({
      transient: false,
      code: 'compose.recipient_rejected',
      message: '550 5.1.1 <nobody@school.test>: Recipient address rejected: User unknown',
    });
  });
  it('other 5xx are permanent; a refused login is its own code', () => {
    expect(
      classifySendError({ code: 'EMESSAGE', responseCode: 554, command: 'DATA', response: '554 5.7.1 spam' }),
    ).toMatchObject({ transient: false, code: 'compose.send_rejected' });
    expect(
      classifySendError({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Error: authentication failed' }),
    ).toMatchObject({ transient: false, code: 'compose.auth_failed' });
  });
  it('4xx are transient', () => {
    expect(
      classifySendError({ code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO', response: '451 4.3.0 try later' }),
    ).toMatchObject({ transient: true, message: '451 4.3.0 try later' });
    expect(
      classifySendError({ code: 'EAUTH', responseCode: 454, response: '454 4.7.0 Temporary authentication failure' })
        .transient,
    ).toBe(true);
  });
  it('network failures are transient', () => {
    for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'EDNS'])
      expect(
        classifySendError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:21587'), { code })),
        code,
      ).toMatchObject({ transient: true, code: 'mail.server_unreachable' });
  });
  it('a message over the server’s SIZE is permanent', () => {
    expect(classifySendError({ code: 'EMESSAGE', message: 'Message size larger than allowed 10240000' })).toMatchObject(
      { transient: false, code: 'compose.too_large' },
    );
  });
  it('unknown failures are retried', () => {
    expect(classifySendError(new Error('boom'))).toMatchObject({
      transient: true,
      code: 'mail.operation_failed',
      message: 'boom',
    });
    expect(classifySendError(undefined).transient).toBe(true);
  });
});

describe('retryDelay', () => {
  it('doubles from 2 s with jitter and stops growing at 30 min', () => {
    expect(retryDelay(1, () => 0)).toBe(1_000);
    expect(retryDelay(1, () => 1)).toBe(2_000);
    expect(retryDelay(3, () => 1)).toBe(8_000);
    expect(retryDelay(30, () => 1)).toBe(1_800_000);
    expect(retryDelay(30, () => 0)).toBe(900_000);
  });
  it('gives up after about a day', () => {
    let total = 0;
    for (let a = 1; a < MAX_ATTEMPTS; a++) total += retryDelay(a, () => 0.5);
    expect(total / 3_600_000).toBeGreaterThan(12);
    expect(total / 3_600_000).toBeLessThan(30);
  });
});
