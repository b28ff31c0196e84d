import { createI18n } from 'vue-i18n';
import en from './en.json';

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

/** The language the first screen should be in (main.ts loads it before mounting). */
export function initialLocale(): Locale {
  return detectLocale(storedLocale(), typeof navigator === 'undefined' ? undefined : navigator.language);
}

export const i18n = createI18n({
  legacy: false,
  locale: 'en',
  fallbackLocale: 'en',
  // English is in the first download (it is also the fallback); another language is its own chunk
  messages: { en } as Record<Locale, typeof en>,
});

const loaders: Record<Exclude<Locale, 'en'>, () => Promise<{ default: typeof en }>> = {
  ko: () => import('./ko.json'),
};

/** Fetches a language's messages once (a no-op for English or a language already loaded). */
export async function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'en' || i18n.global.availableLocales.includes(locale)) return;
  const messages = await loaders[locale]();
  i18n.global.setLocaleMessage(locale, messages.default);
}

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

/**
 * Loads, switches and remembers the language; the <html lang> follows for screen readers and fonts.
 * The switch happens once the messages are there, so no screen shows English keys in between.
 */
export async function setLocale(locale: Locale, remember = true): Promise<void> {
  await loadLocale(locale);
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
