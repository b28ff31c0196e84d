import { describe, expect, it } from 'vitest';
import { isApiUrl, isPublicApiRoute } from './public-routes.ts';

describe('isPublicApiRoute', () => {
  it('matches method and pattern exactly; HEAD follows GET', () => {
    expect(isPublicApiRoute('POST', '/api/auth/sign-in')).toBe(true);
    expect(isPublicApiRoute('GET', '/api/auth/sign-in')).toBe(false);
    expect(isPublicApiRoute('HEAD', '/api/auth/csrf')).toBe(true);
    expect(isPublicApiRoute('GET', '/api/auth/csrf/')).toBe(false);
    expect(isPublicApiRoute('GET', '/api/mailboxes')).toBe(false);
    expect(isPublicApiRoute('GET', '/api/docs/static/*')).toBe(true);
    expect(isPublicApiRoute('POST', '/api/docs/json')).toBe(false);
  });

  it('isApiUrl', () => {
    expect(isApiUrl('/api')).toBe(true);
    expect(isApiUrl('/api/x')).toBe(true);
    expect(isApiUrl('/apix')).toBe(false);
    expect(isApiUrl('/healthz')).toBe(false);
  });
});
