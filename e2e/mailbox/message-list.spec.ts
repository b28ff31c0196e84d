import type { Page } from '@playwright/test';
import { expect, rowByUid, signIn, test } from '../fixtures.ts';

test.use({ seed: 60 });

/**
 * the `before` cursors of the list's page requests so far, in order (resource timing keeps those sent before a
 * listener); pages of the list's size: the device's copy reads the same folder in smaller ones
 */
function pageCursors(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name))
      .filter(
        (url) =>
          url.pathname.endsWith('/mailboxes/INBOX/messages') &&
          url.searchParams.has('before') &&
          url.searchParams.get('limit') === '50',
      )
      .map((url) => Number(url.searchParams.get('before'))),
  );
}

test.describe('a folder longer than the pages kept ahead', () => {
  // 400 rows: the first page plus the two pages fetched ahead (150) leave more behind the next-page button
  test.use({ seed: 400 });

  test('the next pages come before the user scrolls, the button brings one more, scrolling reaches the oldest', async ({
    signedInPage: page,
  }) => {
    const nextPage = page.getByTestId('list-next-page');
    await expect(rowByUid(page, 400)).toBeVisible();
    // without any scrolling, two pages after the first are fetched (decision 024), and then no more
    await expect.poll(() => pageCursors(page)).toEqual([351, 301]);
    await expect(nextPage).toHaveAttribute('aria-busy', 'false');
    expect(await pageCursors(page)).toEqual([351, 301]);
    expect(await page.getByTestId('message-list').evaluate((el) => el.scrollTop)).toBe(0);

    // the button is outside the virtual window; a real click would scroll and prefetch: press the button itself
    await nextPage.dispatchEvent('click');
    await expect.poll(() => pageCursors(page)).toEqual([351, 301, 251]);

    // the list is virtual: the oldest rows are rendered once scrolled to, each scroll fetching further ahead
    const list = page.getByTestId('message-list');
    await expect(async () => {
      await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await expect(page.getByTestId('list-end')).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await expect(nextPage).toHaveCount(0);
    await expect(rowByUid(page, 1)).toBeVisible();
    await expect(rowByUid(page, 10)).toBeVisible();
    // every page was fetched once, in order
    expect(await pageCursors(page)).toEqual([351, 301, 251, 201, 151, 101, 51]);
  });

  test('rows a page below are drawn while the reader reads; a page that arrives leaves the rows on screen as they are', async ({
    signedInPage: page,
  }) => {
    await expect(rowByUid(page, 400)).toBeVisible();
    // the first frame draws the viewport and a few rows; the rest of a page below follows while the page is idle
    await expect(rowByUid(page, 345)).toBeAttached();
    await expect.poll(() => pageCursors(page)).toEqual([351, 301]);

    // the rows on screen, watched while one more page arrives and joins the list (decision 024)
    await page.getByTestId('message-list').evaluate((list) => {
      const rows = [...list.querySelectorAll<HTMLElement>('[data-testid="message-row"]')].slice(0, 5);
      const seen = { rows, changes: 0 };
      (window as unknown as { __watched: typeof seen }).__watched = seen;
      const observer = new MutationObserver((records) => (seen.changes += records.length));
      for (const row of rows)
        observer.observe(row, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const list = page.getByTestId('message-list');
    const height = await list.evaluate((el) => el.scrollHeight);
    await page.getByTestId('list-next-page').dispatchEvent('click');
    await expect.poll(() => pageCursors(page)).toEqual([351, 301, 251]);
    await expect(page.getByTestId('list-next-page')).toHaveAttribute('aria-busy', 'false');
    // the new page joined the list: 50 more rows of 64 px to scroll through
    await expect.poll(() => list.evaluate((el) => el.scrollHeight)).toBe(height + 50 * 64);
    // the same elements (never mounted again), untouched by the merge
    const watched = await page.evaluate(() => {
      const seen = (window as unknown as { __watched: { rows: HTMLElement[]; changes: number } }).__watched;
      return {
        changes: seen.changes,
        uids: seen.rows.map((row) => row.dataset.uid),
        connected: seen.rows.map((row) => row.isConnected),
      };
    });
    expect(watched).toEqual({
      changes: 0,
      uids: ['400', '399', '398', '397', '396'],
      connected: [true, true, true, true, true],
    });
  });
});

test('a folder within the pages kept ahead is loaded whole before the user scrolls', async ({ signedInPage: page }) => {
  await expect(rowByUid(page, 60)).toBeVisible();
  await expect.poll(() => pageCursors(page)).toEqual([11]);
  await expect(page.getByTestId('list-next-page')).toHaveCount(0);
  await page.getByTestId('message-list').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(page.getByTestId('list-end')).toBeVisible();
  await expect(rowByUid(page, 1)).toBeVisible();
  expect(await pageCursors(page)).toEqual([11]);
});

test('the next page is asked for only after the first rows are on screen (decision 036 part 8)', async ({
  page,
  user,
}) => {
  // the frame that shows the first row: its animation-frame callback runs just before that frame is painted
  await page.addInitScript(() => {
    const w = window as unknown as { firstRowFrame?: number };
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-testid="message-row"]')) return;
      observer.disconnect();
      requestAnimationFrame(() => (w.firstRowFrame = performance.now()));
    }).observe(document, { childList: true, subtree: true });
  });
  await signIn(page, user);
  await expect.poll(() => pageCursors(page)).toEqual([11]);
  const [frame, nextPageAt] = await page.evaluate(() => [
    (window as unknown as { firstRowFrame?: number }).firstRowFrame ?? Infinity,
    performance.getEntriesByType('resource').find((entry) => new URL(entry.name).searchParams.get('before') === '11')!
      .startTime,
  ]);
  expect(nextPageAt).toBeGreaterThan(frame);
});

test('keyboard: j and k move the cursor, o opens, j/k in the reader step through messages, u goes back', async ({
  signedInPage: page,
}) => {
  const rows = page.getByTestId('message-row');
  await expect(rows.first()).toBeVisible();
  const uids = await rows.evaluateAll((els) => els.slice(0, 3).map((el) => Number(el.getAttribute('data-uid'))));
  expect(uids).toEqual([60, 59, 58]);
  // the cursor row is marked only by its class (no aria attribute): that is what the user sees
  const cursorRow = page.locator('[data-testid="message-row"].cursor');

  await page.keyboard.press('j');
  await expect(cursorRow).toHaveAttribute('data-uid', '60');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await expect(cursorRow).toHaveAttribute('data-uid', '58');
  await page.keyboard.press('k');
  await expect(cursorRow).toHaveAttribute('data-uid', '59');

  await page.keyboard.press('o');
  await expect(page).toHaveURL(/\/mail\/INBOX\/59$/);
  const subjectOf = async (uid: number) =>
    (await rowByUid(page, uid).getByTestId('message-subject').innerText()).trim();
  await expect(page.getByTestId('reader-subject')).toHaveText(await subjectOf(59));

  await page.keyboard.press('j');
  await expect(page).toHaveURL(/\/mail\/INBOX\/58$/);
  await expect(page.getByTestId('reader-subject')).toHaveText(await subjectOf(58));
  await page.keyboard.press('k');
  await expect(page).toHaveURL(/\/mail\/INBOX\/59$/);

  await page.keyboard.press('u');
  await expect(page).toHaveURL(/\/mail\/INBOX$/);
  await expect(cursorRow).toHaveAttribute('data-uid', '59');
});

test('j past the last row on screen scrolls the open row into view, k back above the first one too', async ({
  signedInPage: page,
}) => {
  await expect(rowByUid(page, 60)).toBeVisible();
  const list = page.getByTestId('message-list');
  // rows wholly inside the list's box (more are drawn than are on screen once the page is idle)
  const onScreen = await list.evaluate((el) => {
    const box = el.getBoundingClientRect();
    return [...el.querySelectorAll('[data-testid="message-row"]')].filter((row) => {
      const r = row.getBoundingClientRect();
      return r.top >= box.top && r.bottom <= box.bottom;
    }).length;
  });
  await rowByUid(page, 60).getByTestId('message-subject').click();
  const openRow = page.locator('[data-testid="message-row"][aria-current="true"]');
  await expect(openRow).toHaveAttribute('data-uid', '60');
  for (let i = 1; i <= onScreen; i++) {
    await page.keyboard.press('j');
    await expect(openRow).toHaveAttribute('data-uid', String(60 - i));
  }
  await expect(rowByUid(page, 60 - onScreen)).toBeInViewport({ ratio: 1 });
  expect(await list.evaluate((el) => el.scrollTop)).toBeGreaterThan(0);

  await list.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(rowByUid(page, 60 - onScreen)).not.toBeInViewport();
  await page.keyboard.press('k');
  await expect(openRow).toHaveAttribute('data-uid', String(61 - onScreen));
  await expect(openRow).toBeInViewport({ ratio: 1 });
});
