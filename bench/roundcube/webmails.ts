// The same four things done in Pigeon and in Roundcube, each timed from the user's input to the painted result.
import type { Page } from '@playwright/test';
import { timeInPage } from '../browser-timings.ts';
import { timeAction } from './measure.ts';

export interface Row {
  uid: string;
  subject: string;
  /** the row element's id, where the app has one */
  id?: string;
}

export interface Webmail {
  name: 'Pigeon' | 'Roundcube';
  /** from the sign-in page's submit click to the first rows painted */
  signIn(page: Page, email: string, password: string): Promise<number>;
  /** the rows of the first page, newest first */
  rows(page: Page): Promise<Row[]>;
  /** click a row → its body painted */
  open(page: Page, row: Row): Promise<number>;
  /** with `from` open, the keyboard's "next message" → the body of `to` painted */
  next(page: Page, to: Row): Promise<number>;
  /** back to the folder's first page, the reader closed */
  toList(page: Page): Promise<void>;
  /** rows of the next page painted */
  nextPage(page: Page): Promise<number>;
}

export const pigeon: Webmail = {
  name: 'Pigeon',
  async signIn(page, email, password) {
    await page.goto('/sign-in');
    await page.getByTestId('login-email').fill(email);
    await page.getByTestId('login-password').fill(password);
    return timeAction(page, () => page.getByTestId('login-submit').click(), {
      kind: 'exists',
      selector: '[data-testid="message-row"]',
    });
  },
  rows: (page) =>
    page.getByTestId('message-row').evaluateAll((els) =>
      els.map((el) => ({
        uid: el.getAttribute('data-uid') ?? '',
        subject: (el.querySelector('[data-testid="message-subject"]')?.textContent ?? '').trim(),
      })),
    ),
  open: (page, row) =>
    timeAction(
      page,
      () => page.locator(`[data-testid="message-row"][data-uid="${row.uid}"] [data-testid="message-subject"]`).click(),
      { kind: 'pigeonBody', uid: row.uid, subject: row.subject.slice(0, 40) },
    ),
  next: (page, to) =>
    timeAction(page, () => page.keyboard.press('j'), {
      kind: 'pigeonBody',
      uid: to.uid,
      subject: to.subject.slice(0, 40),
    }),
  async toList(page) {
    await page.goto('/mail/INBOX');
    await page.getByTestId('message-row').first().waitFor();
  },
  // a virtual list has no "next page" button: the reader scrolls down one page of rows (50), and the number is
  // the wait until rows fill the list again (bench/browser-timings.ts); the rows are fetched before they are needed
  nextPage: (page) =>
    timeInPage(page, { scrollBy: '[data-testid="message-list"]', rows: 50 }, { kind: 'viewportFilled' }),
};

const RC_ROW = '#messagelist tbody tr.message';

export const roundcube: Webmail = {
  name: 'Roundcube',
  async signIn(page, email, password) {
    await page.goto('/');
    await page.locator('#rcmloginuser').fill(email);
    await page.locator('#rcmloginpwd').fill(password);
    return timeAction(page, () => page.locator('#rcmloginsubmit').click(), { kind: 'exists', selector: RC_ROW });
  },
  rows: (page) =>
    page.locator(RC_ROW).evaluateAll((els) =>
      els.map((el) => ({
        // Roundcube 1.6 names a row rcmrow + the uid in base64
        uid: atob(el.id.replace(/^rcmrow/, '')),
        id: el.id,
        subject: (el.querySelector('td.subject span.subject')?.textContent ?? '').trim(),
      })),
    ),
  // a click on the row selects it and the preview pane loads it (widescreen layout)
  open: (page, row) =>
    timeAction(page, () => page.locator(`[id="${row.id ?? ''}"]`).click(), {
      kind: 'roundcubeBody',
      uid: row.uid,
    }),
  // Roundcube's list moves to the next message with the down arrow (there is no "j")
  next: (page, to) => timeAction(page, () => page.keyboard.press('ArrowDown'), { kind: 'roundcubeBody', uid: to.uid }),
  async toList(page) {
    // Roundcube keeps the list's page in the session: ask for the first one
    await page.goto('/?_task=mail&_mbox=INBOX&_page=1');
    await page.locator(RC_ROW).first().waitFor();
  },
  async nextPage(page) {
    const first = (await page.locator(RC_ROW).first().getAttribute('id')) ?? '';
    return timeAction(page, () => page.locator('.pagenav a.nextpage').first().click(), {
      kind: 'firstChanged',
      selector: RC_ROW,
      attribute: 'id',
      not: first,
    });
  },
};
