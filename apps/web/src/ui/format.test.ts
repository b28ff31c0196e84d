import { describe, expect, it, vi } from 'vitest';
import { deviceTimeZone, formatListDate, formatSize, formatWait, prepareListFormats } from './format';

const now = new Date(2025, 5, 15, 18, 30);

describe('formatListDate', () => {
  it('shows the time for today', () => {
    const iso = new Date(2025, 5, 15, 9, 5).toISOString();
    expect(formatListDate(iso, 'en', now)).toBe('9:05 AM');
    // the AM marker's wording depends on the runtime's ICU data; the time itself must be there
    expect(formatListDate(iso, 'ko', now)).toMatch(/^\S+ 9:05$/);
  });

  it('shows month and day for earlier this year', () => {
    const iso = new Date(2025, 0, 3, 12).toISOString();
    expect(formatListDate(iso, 'en', now)).toBe('Jan 3');
    expect(formatListDate(iso, 'ko', now)).toBe('1월 3일');
  });

  it('shows the full date for other years', () => {
    const iso = new Date(2023, 11, 24, 12).toISOString();
    expect(formatListDate(iso, 'en', now)).toBe('12/24/2023');
    expect(formatListDate(iso, 'ko', now)).toBe('2023. 12. 24.');
  });

  it('keeps each locale apart when the formatters are reused', () => {
    const iso = new Date(2025, 0, 3, 12).toISOString();
    expect([formatListDate(iso, 'en', now), formatListDate(iso, 'ko', now), formatListDate(iso, 'en', now)]).toEqual([
      'Jan 3',
      '1월 3일',
      'Jan 3',
    ]);
    expect([formatSize(1536, 'en'), formatSize(25 * 1024 * 1024, 'en'), formatSize(1536, 'de')]).toEqual([
      '1.5 KB',
      '25 MB',
      '1,5 KB',
    ]);
  });

  it('returns nothing for a broken date', () => {
    expect(formatListDate('not a date', 'en', now)).toBe('');
  });
});

describe('formatSize', () => {
  it('uses 1024-based units with one decimal below 10', () => {
    expect(formatSize(512, 'en')).toBe('512 B');
    expect(formatSize(1536, 'en')).toBe('1.5 KB');
    expect(formatSize(25 * 1024 * 1024, 'en')).toBe('25 MB');
  });
});

describe('formatWait', () => {
  it('says seconds under a minute, else minutes rounded up', () => {
    expect(formatWait(30, 'en')).toBe('30 seconds');
    expect(formatWait(61, 'en')).toBe('2 minutes');
    expect(formatWait(120, 'ko')).toBe('2분');
  });
});

describe('prepareListFormats', () => {
  it('makes every formatter a list row uses, so the rows make none', () => {
    // a locale no other test uses: the formatters are kept per locale for the module's life
    prepareListFormats('en-AU');
    const dates = vi.spyOn(Intl, 'DateTimeFormat');
    const numbers = vi.spyOn(Intl, 'NumberFormat');
    try {
      const today = new Date(2025, 5, 15, 9, 5).toISOString();
      const thisYear = new Date(2025, 0, 3, 12).toISOString();
      const older = new Date(2023, 11, 24, 12).toISOString();
      for (const iso of [today, thisYear, older]) expect(formatListDate(iso, 'en-AU', now)).not.toBe('');
      expect([formatSize(500, 'en-AU'), formatSize(1536, 'en-AU'), formatSize(25 * 1024 * 1024, 'en-AU')]).toEqual([
        '500 B',
        '1.5 KB',
        '25 MB',
      ]);
      expect(dates).not.toHaveBeenCalled();
      expect(numbers).not.toHaveBeenCalled();
    } finally {
      dates.mockRestore();
      numbers.mockRestore();
    }
  });
});

describe('deviceTimeZone', () => {
  it("reads the device's zone once, not once per message opened", () => {
    const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(deviceTimeZone()).toBe(zone);
    const dates = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      expect([deviceTimeZone(), deviceTimeZone()]).toEqual([zone, zone]);
      expect(dates).not.toHaveBeenCalled();
    } finally {
      dates.mockRestore();
    }
  });
});
