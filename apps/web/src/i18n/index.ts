import { createI18n } from 'vue-i18n';
import en from './en.json';
import ko from './ko.json';

export const LOCALES = [
  { code: 'en', label: 'English' },
  { code: 'ko', label: '한국어' },
] as const;
export type Locale = (typeof LOCALES)[number]['code'];

const LOCALE_KEY = 'pigeon.locale';

const isLocale = (value: unknown): value is Locale => LOCALES.some((l) => l.code === value);

/** A remembered choice wins; otherwise Korean for a `ko*` browser, English for everything else. */
export function detectLocale(stored: string | null, browserLanguage: string | undefined): Locale {
  if (isLocale(stored)) return stored;
  return browserLanguage?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

function storedLocale(): string | null {
  try {
    return localStorage.getItem(LOCALE_KEY);
  } catch {
    return null;
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: detectLocale(storedLocale(), typeof navigator === 'undefined' ? undefined : navigator.language),
  fallbackLocale: 'en',
  messages: { en, ko },
});

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

/** Switches and remembers the language; the <html lang> follows for screen readers and fonts. */
export function setLocale(locale: Locale, remember = true): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  if (remember) {
    try {
      localStorage.setItem(LOCALE_KEY, locale);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }
}
