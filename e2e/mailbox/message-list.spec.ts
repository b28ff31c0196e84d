import { expect, rowByUid, test } from '../fixtures.ts';

test.use({ seed: 60 });

test('the next page brings the older messages', async ({ signedInPage: page }) => {
  await expect(rowByUid(page, 60)).toBeVisible();
  await expect(rowByUid(page, 1)).toHaveCount(0);
  // a real click scrolls the button into view, and scrolling near the end already loads the next page
  // (infinite scroll), which can remove the button before the click lands: press the button itself
  await page.getByTestId('list-next-page').dispatchEvent('click');
  // the list is virtual: the oldest rows are rendered once scrolled to (the search and sort bars take some height)
  await expect(page.getByTestId('list-next-page')).toHaveCount(0);
  await page.getByTestId('message-list').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect(rowByUid(page, 1)).toBeVisible();
  await expect(rowByUid(page, 10)).toBeVisible();
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
