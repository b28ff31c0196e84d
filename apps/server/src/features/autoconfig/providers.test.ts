import { describe, expect, it } from 'vitest';
import { providerOfHost, registeredDomain } from './providers.ts';

describe('providerOfHost', () => {
  it.each([
    ['aspmx.l.google.com', 'google'],
    ['ALT1.ASPMX.L.GOOGLE.COM.', 'google'],
    ['smtp.google.com', 'google'],
    ['imap.gmail.com', 'google'],
    ['school-ac-kr.mail.protection.outlook.com', 'microsoft'],
    ['outlook.office365.com', 'microsoft'],
    ['mx.school.ac.kr', null],
    ['google.com.evil.example', null],
    ['notgoogle.com', null],
    ['127.0.0.1', null],
  ])('%s -> %s', (host, provider) => {
    expect(providerOfHost(host)).toBe(provider);
  });

  it('takes the registered domain under multi-label public suffixes', () => {
    expect(registeredDomain('mx1.mail.school.ac.kr')).toBe('school.ac.kr');
    expect(registeredDomain('mx.school.test')).toBe('school.test');
    expect(registeredDomain('ac.kr')).toBeNull();
  });
});
