import { describe, expect, it } from 'vitest';
import { deviceLabel } from './device-label.ts';

describe('deviceLabel', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36',
      { browser: 'Chrome 120', os: 'Windows 10', kind: 'desktop' },
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
      { browser: 'Safari 17', os: 'iOS 17', kind: 'mobile' },
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:125.0) Gecko/20100101 Firefox/125.0',
      { browser: 'Firefox 125', os: 'macOS', kind: 'desktop' },
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
      { browser: 'Chrome 124', os: 'Android 14', kind: 'tablet' },
    ],
  ])('names %s', (ua, expected) => {
    expect(deviceLabel(ua)).toEqual(expected);
  });

  it('says nothing it does not know', () => {
    expect(deviceLabel(null)).toEqual({ browser: null, os: null, kind: 'unknown' });
    expect(deviceLabel('curl/8.5.0').kind).toBe('unknown');
    expect(deviceLabel('<script>'.repeat(500)).browser?.length ?? 0).toBeLessThanOrEqual(80);
  });
});
