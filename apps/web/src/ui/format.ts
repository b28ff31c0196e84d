const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

const DATE_STYLES = {
  time: { hour: 'numeric', minute: '2-digit' },
  monthDay: { month: 'short', day: 'numeric' },
  numeric: { year: 'numeric', month: 'numeric', day: 'numeric' },
  full: { dateStyle: 'full', timeStyle: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

// Making an Intl.DateTimeFormat costs far more than formatting with one (a page of rows formats a page of dates),
// and so does a key made with JSON.stringify per call: one formatter per locale and style, found by a short key
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, style: keyof typeof DATE_STYLES): Intl.DateTimeFormat {
  const key = `${locale}\0${style}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, DATE_STYLES[style]);
    if (formatters.size > 64) formatters.clear(); // a few locales × a few styles; bounded all the same
    formatters.set(key, made);
  }
  return made;
}

// the same holds for a number format: formatSize runs once per list row
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, digits: number): Intl.NumberFormat {
  const key = `${locale}\0${digits}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
  return format;
}

/**
 * Makes the list's date and size formatters of `locale` before the list needs them: a page's first
 * Intl.DateTimeFormat costs 50–90 ms (the engine loads its locale data), the next ones under 1 ms (decision 036
 * part 9). The sign-in page calls it while the password is typed, so the first rows do not pay for it.
 */
export function prepareListFormats(locale: string): void {
  formatter(locale, 'time');
  formatter(locale, 'monthDay');
  formatter(locale, 'numeric');
  numberFormat(locale, 0);
  numberFormat(locale, 1);
}

/** List dates: today → time, this year → month and day, older → full numeric date. */
export function formatListDate(iso: string, locale: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  if (sameDay(date, now)) return formatter(locale, 'time').format(date);
  if (date.getFullYear() === now.getFullYear()) {
    return formatter(locale, 'monthDay').format(date);
  }
  return formatter(locale, 'numeric').format(date);
}

/** Reader dates: weekday, date and time in the reader's locale. */
export function formatFullDate(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return formatter(locale, 'full').format(date);
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1024-based human size: "512 B", "1.5 KB", "12 MB". */
export function formatSize(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${numberFormat(locale, digits).format(value)} ${UNITS[unit]}`;
}

/** A wait in seconds as words: "45 seconds", "3 minutes" (rounded up). */
export function formatWait(seconds: number, locale: string): string {
  const [value, unit] =
    seconds < 60 ? [Math.max(1, Math.ceil(seconds)), 'second'] : [Math.ceil(seconds / 60), 'minute'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

let zone: string | undefined;
/** This device's time zone (the print view's dates), read once: each read makes an Intl.DateTimeFormat (j's press did). */
export function deviceTimeZone(): string {
  return (zone ??= Intl.DateTimeFormat().resolvedOptions().timeZone);
}
