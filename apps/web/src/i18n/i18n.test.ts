import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@pigeon/shared';
import en from './en.json';
import ko from './ko.json';
import { detectLocale } from './index';
import { errorText, failureText } from './error-text';
import { ApiError } from '../api/http';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function lookup(messages: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], messages);
}

describe('translations', () => {
  it('en and ko have exactly the same keys', () => {
    expect(keys(ko).sort()).toEqual(keys(en).sort());
  });

  it('no message is empty', () => {
    for (const messages of [en, ko]) for (const key of keys(messages)) expect(lookup(messages, key), key).not.toBe('');
  });

  it('every API error code has a message in both languages', () => {
    for (const code of ERROR_CODES) {
      expect(typeof lookup(en, `errors.${code}`), code).toBe('string');
      expect(typeof lookup(ko, `errors.${code}`), code).toBe('string');
    }
  });
});

describe('detectLocale', () => {
  it('follows the browser unless a choice was remembered', () => {
    expect(detectLocale(null, 'ko-KR')).toBe('ko');
    expect(detectLocale(null, 'en-US')).toBe('en');
    expect(detectLocale(null, undefined)).toBe('en');
    expect(detectLocale('en', 'ko-KR')).toBe('en');
    expect(detectLocale('fr', 'ko')).toBe('ko');
  });
});

describe('errorText', () => {
  const t = (key: string, named?: Record<string, unknown>) => `${key}${named ? JSON.stringify(named) : ''}`;
  const te = (key: string) => typeof lookup(en, key) === 'string';
  const error = (code: string, extra: Partial<ConstructorParameters<typeof ApiError>[0]> = {}) =>
    new ApiError({ status: 400, code, message: '', ...extra });

  it('maps codes to messages, with the server name and the wait', () => {
    expect(errorText(error('auth.invalid_credentials'), t, te, 'en')).toBe('errors.auth.invalid_credentials');
    expect(errorText(error('mail.server_unreachable', { details: { server: 'imap.test:993' } }), t, te, 'en')).toBe(
      'errors.mail.server_unreachable{"server":"imap.test:993"}',
    );
    expect(errorText(error('auth.rate_limited', { retryAfter: 90 }), t, te, 'en')).toBe(
      'errors.auth.rate_limited{"wait":"2 minutes"}',
    );
    expect(errorText(error('auth.rate_limited'), t, te, 'en')).toBe('errors.auth.rate_limited_soon');
  });

  it('names the provider that needs an app password and the server that is not allowed', () => {
    expect(
      errorText(error('auth.provider_requires_app_password', { details: { provider: 'google' } }), t, te, 'en'),
    ).toBe('errors.auth.provider_requires_app_password_named{"provider":"signIn.provider.google"}');
    expect(errorText(error('auth.provider_requires_app_password'), t, te, 'en')).toBe(
      'errors.auth.provider_requires_app_password',
    );
    expect(errorText(error('mail.server_not_allowed', { details: { server: '127.0.0.2' } }), t, te, 'en')).toBe(
      'errors.mail.server_not_allowed_named{"server":"127.0.0.2"}',
    );
    expect(errorText(error('mail.server_not_allowed', { details: { server: 'x', pinned: true } }), t, te, 'en')).toBe(
      'errors.mail.server_pinned',
    );
  });

  it('never names an empty server: the unnamed sentence with the server’s words instead', () => {
    const real = (key: string, named?: Record<string, unknown>) =>
      String(lookup(en, key)).replace(/\{(\w+)\}/g, (_m, name: string) => String(named?.[name] ?? ''));
    const realKo = (key: string, named?: Record<string, unknown>) =>
      String(lookup(ko, key)).replace(/\{(\w+)\}/g, (_m, name: string) => String(named?.[name] ?? ''));
    const outboxFailure = { code: 'mail.server_unreachable', message: 'connect ECONNREFUSED 127.0.0.1:587' };
    for (const [translate, unnamed] of [
      [real, en.errors.mail.server_unreachable_unnamed],
      [realKo, ko.errors.mail.server_unreachable_unnamed],
    ] as const) {
      expect(failureText(outboxFailure, translate, te)).toBe(`${unnamed} (connect ECONNREFUSED 127.0.0.1:587)`);
      expect(errorText(error('mail.server_unreachable', { details: { server: '' } }), translate, te, 'en')).toBe(
        unnamed,
      );
    }
    expect(failureText({ code: 'compose.recipient_rejected', message: '550 5.1.1 no' }, t, te)).toBe(
      'errors.compose.recipient_rejected 550 5.1.1 no',
    );
    expect(failureText({ code: 'brand.new_code', message: 'said' }, t, te)).toBe('said');
  });

  it('falls back for unknown codes and non-API errors', () => {
    expect(errorText(error('brand.new_code'), t, te, 'en')).toBe('errors.unknown');
    expect(errorText(error('brand.new_code', { status: 503 }), t, te, 'en')).toBe('errors.internal.error');
    expect(errorText(new Error('x'), t, te, 'en')).toBe('errors.unknown');
  });
});
