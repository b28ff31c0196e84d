import { describe, expect, it } from 'vitest';
import { crossSiteReason } from './session.plugin.ts';

const req = (headers: Record<string, string>, protocol: 'http' | 'https' = 'http', host = 'mail.school.test') => ({
  headers,
  protocol,
  host,
});

describe('crossSiteReason', () => {
  it('lets through same-origin requests and requests without Origin or Fetch Metadata', () => {
    expect(crossSiteReason(req({}))).toBeNull();
    expect(crossSiteReason(req({ 'sec-fetch-site': 'same-origin', origin: 'http://mail.school.test' }))).toBeNull();
    expect(crossSiteReason(req({ origin: 'https://Mail.School.test' }, 'https'))).toBeNull();
    expect(crossSiteReason(req({ origin: 'http://127.0.0.1:5173' }, 'http', '127.0.0.1:5173'))).toBeNull();
  });

  it.each([
    [{ 'sec-fetch-site': 'cross-site' }],
    [{ 'sec-fetch-site': 'same-site' }],
    [{ origin: 'http://evil.test' }],
    [{ origin: 'null' }],
    [{ origin: 'https://mail.school.test' }],
    [{ origin: 'http://mail.school.test:8080' }],
    [{ 'sec-fetch-site': 'same-origin', origin: 'http://evil.test' }],
  ])('refuses %j', (headers) => {
    expect(crossSiteReason(req(headers))).toMatch(/refused/);
  });
});
