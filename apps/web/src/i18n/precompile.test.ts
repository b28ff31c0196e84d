import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import en from './en.json';
import ko from './ko.json';
import { compileMessage, compileMessages } from './precompile';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

// every placeholder any message uses, with a value that shows where it landed
const named = new Proxy({} as Record<string, string>, {
  get: (_t, name) => (typeof name === 'string' ? `<${name}>` : undefined),
  has: () => true,
});

describe('messages compiled at build time', () => {
  // every message in both languages, four counts each: thousands of translations, ~9 s on a loaded 2-core machine
  it('read exactly as their source in both languages, with placeholders and plurals', { timeout: 60_000 }, () => {
    const source = createI18n({ legacy: false, locale: 'en', messages: { en, ko } });
    const compiled = createI18n({
      legacy: false,
      locale: 'en',
      messages: { en: compileMessages(en), ko: compileMessages(ko) } as unknown as { en: typeof en; ko: typeof en },
    });
    let checked = 0;
    for (const locale of ['en', 'ko'] as const) {
      source.global.locale.value = locale;
      compiled.global.locale.value = locale;
      for (const key of keys(en)) {
        for (const count of [0, 1, 2, 7]) {
          const want = source.global.t(key, { ...named, count, n: count }, count);
          expect(compiled.global.t(key, { ...named, count, n: count }, count), `${locale} ${key}`).toBe(want);
          expect(want).not.toBe(key);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(400);
  });

  it('keeps only the text of a message without placeholders', () => {
    expect(compileMessage('a', 'Sign in')).toEqual({ t: 0, b: { s: 'Sign in' } });
    expect(compileMessage('b', 'Hello {name}')).not.toHaveProperty('b.s');
  });

  it('fails the build on a broken message, naming its key', () => {
    expect(() => compileMessages({ mail: { broken: 'Hello {name' } })).toThrow(/mail\.broken/);
  });
});
