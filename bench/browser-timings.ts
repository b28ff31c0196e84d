import type { Browser, Page } from '@playwright/test';
import { repeat, summarize, type Summary } from './stats.ts';

/** What to do in the page, and which painted state ends the measurement. */
export type Action =
  | { click: string }
  | { scrollToEnd: string }
  | { key: string }
  /** scroll `selector` down by `rows` rows (a user who scrolls on keeps scrolling when the list grows) */
  | { scrollBy: string; rows: number };
/**
 * olderRows: a row with a uid below every uid rendered when the action starts (the list is newest first);
 * body: the reader shows `subject` and its body (for an HTML body: the frame of `uid` whose document has
 * loaded, maybe ahead of time, hidden, before the action)
 */
export type Until =
  | { kind: 'firstRow' }
  | { kind: 'body'; subject: string; uid?: string }
  | { kind: 'olderRows' }
  /** the scroll reached its target and a row covers the bottom of the list's viewport */
  | { kind: 'viewportFilled' };

/**
 * Times an interaction inside the page (no CDP round trips in the number): from the click until the DOM
 * reaches `until` and the next frame after it has been painted (rAF, then a task).
 */
export function timeInPage(page: Page, action: Action, until: Until): Promise<number> {
  return page.evaluate(
    ({ action, until }) =>
      new Promise<number>((resolve, reject) => {
        const loaded = new WeakSet<EventTarget>();
        const renderedUids = () =>
          [...document.querySelectorAll('[data-testid="message-row"]')].map((row) =>
            Number(row.getAttribute('data-uid')),
          );
        const oldest = Math.min(...renderedUids());
        let scrollTarget: { el: HTMLElement; top: number } | null = null;
        const filled = (): boolean => {
          if (!scrollTarget) return false;
          const { el, top } = scrollTarget;
          if (el.scrollTop < top - 1) el.scrollTop = top;
          if (el.scrollTop < top - 1) return false;
          const bottom = el.getBoundingClientRect().bottom - 1;
          return [...el.querySelectorAll('[data-testid="message-row"]')].some((row) => {
            const r = row.getBoundingClientRect();
            return r.top <= bottom && r.bottom >= bottom;
          });
        };
        const check = (): boolean => {
          if (until.kind === 'firstRow') return !!document.querySelector('[data-testid="message-row"]');
          if (until.kind === 'viewportFilled') return filled();
          if (until.kind === 'olderRows') return renderedUids().some((uid) => uid < oldest);
          const reader = document.querySelector('[data-testid="reader"]');
          const body = document.querySelector('[data-testid="message-body"]');
          if (!reader || !body || !(reader.textContent ?? '').includes(until.subject)) return false;
          if (body.tagName !== 'IFRAME') return true;
          if (until.uid !== undefined && body.getAttribute('data-uid') !== until.uid) return false;
          return loaded.has(body) || body.getAttribute('data-loaded') === 'true';
        };
        let done = false;
        const finish = () => {
          if (done || !check()) return;
          done = true;
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(performance.now() - t0);
            channel.port2.postMessage(0);
          });
        };
        // load does not bubble, but a capturing listener on the document sees every iframe's
        document.addEventListener(
          'load',
          (e) => {
            if (e.target instanceof HTMLIFrameElement) loaded.add(e.target);
            finish();
          },
          true,
        );
        const observer = new MutationObserver(finish);
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${until.kind}`)), 60_000);
        const t0 = performance.now();
        if ('key' in action) {
          window.dispatchEvent(new KeyboardEvent('keydown', { key: action.key, bubbles: true, cancelable: true }));
        } else if ('click' in action) {
          const el = document.querySelector<HTMLElement>(action.click);
          if (!el) return reject(new Error(`nothing matches ${action.click}`));
          el.click();
        } else if ('scrollBy' in action) {
          const el = document.querySelector<HTMLElement>(action.scrollBy);
          const row = document.querySelector<HTMLElement>('[data-testid="message-row"]');
          if (!el || !row) return reject(new Error(`nothing matches ${action.scrollBy} or no row`));
          scrollTarget = { el, top: el.scrollTop + action.rows * row.getBoundingClientRect().height };
          el.scrollTop = scrollTarget.top;
          finish();
        } else {
          const el = document.querySelector<HTMLElement>(action.scrollToEnd);
          if (!el) return reject(new Error(`nothing matches ${action.scrollToEnd}`));
          el.scrollTop = el.scrollHeight;
        }
      }),
    { action, until },
  );
}

/** how long the reader looks at a page of rows before scrolling on (BENCH_READ_MS) */
const READ_MS = Number(process.env.BENCH_READ_MS ?? 1000);
/** one page of rows, as the server pages them */
const PAGE_ROWS = 50;

export interface BrowserTimings {
  summaries: Record<string, Summary>;
  firstVisit: { requests: number; kilobytes: number };
}

export interface Account {
  email: string;
  password: string;
}

/** Sign-in → first rows, open a message → body, next page → new rows; `runs` each. */
export async function browserTimings(
  browser: Browser,
  baseURL: string,
  account: Account,
  runs: number,
): Promise<BrowserTimings> {
  const firstVisit = { requests: 0, kilobytes: 0 };

  const newContext = async () => {
    const context = await browser.newContext({ baseURL });
    // tsx (esbuild keepNames) wraps named inner functions in __name(); give the page a no-op one
    await context.addInitScript('globalThis.__name = (fn) => fn;');
    return context;
  };

  const signIn = await repeat(runs, async (i) => {
    const context = await newContext();
    const page = await context.newPage();
    const sizes: Promise<number>[] = [];
    if (i === 0)
      page.on('requestfinished', (req) =>
        sizes.push(req.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)),
      );
    await page.goto('/sign-in');
    await page.getByTestId('login-email').fill(account.email);
    await page.getByTestId('login-password').fill(account.password);
    const ms = await timeInPage(page, { click: '[data-testid="login-submit"]' }, { kind: 'firstRow' });
    if (i === 0) {
      await page.waitForLoadState('networkidle');
      const bytes = await Promise.all(sizes);
      firstVisit.requests = bytes.length;
      firstVisit.kilobytes = Math.round(bytes.reduce((a, b) => a + b, 0) / 102.4) / 10;
    }
    await context.close();
    return ms;
  });

  const context = await newContext();
  const page = await context.newPage();
  await page.goto('/sign-in');
  await page.getByTestId('login-email').fill(account.email);
  await page.getByTestId('login-password').fill(account.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('message-row').first().waitFor();

  const rows = await page.getByTestId('message-row').evaluateAll((els) =>
    els.map((el) => ({
      uid: el.getAttribute('data-uid') ?? '',
      subject: (el.querySelector('[data-testid="message-subject"]')?.textContent ?? '').trim(),
    })),
  );
  if (rows.length < 2 * runs + 1) throw new Error(`only ${rows.length} rows on the first page`);
  // with row 2i open, click row 2i+2: the reader loads the next message ahead, so the row after the open one
  // would be on hand already (bench/reader.ts times that as "next message")
  const open = await repeat(runs, async (i) => {
    const row = rows[2 * i] as { uid: string; subject: string };
    return timeInPage(
      page,
      { click: `[data-testid="message-row"][data-uid="${row.uid}"] [data-testid="message-subject"]` },
      { kind: 'body', subject: row.subject.slice(0, 40), uid: row.uid },
    );
  });

  // The list is virtual and loads the next page by itself when the scroll position nears the end of what is
  // loaded (list-next-page is its fallback button), so "next page" is what a user does: jump to the end.
  await page.goto('/mail/INBOX');
  await page.getByTestId('message-row').first().waitFor();
  const nextPage = await repeat(runs, () =>
    timeInPage(page, { scrollToEnd: '[data-testid="message-list"]' }, { kind: 'olderRows' }),
  );

  // "next page" as a reader meets it (decision 024): read the rows on screen for READ_MS, then scroll down one
  // page of rows; the number is the wait until rows fill the viewport again (Roundcube: click "next page")
  await page.goto('/mail/INBOX');
  await page.getByTestId('message-row').first().waitFor();
  const pageDown = await repeat(runs, async () => {
    await new Promise((r) => setTimeout(r, READ_MS));
    return timeInPage(page, { scrollBy: '[data-testid="message-list"]', rows: PAGE_ROWS }, { kind: 'viewportFilled' });
  });
  await context.close();

  return {
    summaries: {
      'sign-in submit → first message-row painted': summarize(signIn),
      'click a row → message-body painted': summarize(open),
      'scroll to the end of the list → older rows painted': summarize(nextPage),
      [`read ${READ_MS} ms, scroll down ${PAGE_ROWS} rows → rows fill the list`]: summarize(pageDown),
    },
    firstVisit,
  };
}
