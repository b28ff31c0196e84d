import { createUser, deliver } from '@pigeon/mail-fixture';
import { expect, messageRow, signIn, test, uniqueSubject } from '../fixtures.ts';

// More than one account per person (issue 11, decision 034): add a second fixture user as an account of the signed-in
// one, switch between them, read every Inbox at once, and see mail delivered to either account arrive live.

test('add a second account: the switcher shows both, the unified inbox merges them live, a row opens in its account', async ({
  page,
  user,
  mailbox,
}) => {
  const second = await createUser();
  const mine = uniqueSubject('For the first');
  const theirs = uniqueSubject('For the second');
  await mailbox.deliver({ subject: mine, text: 'first account' });
  await deliver({ to: second.email, subject: theirs, text: 'second account' });

  await signIn(page, user);
  await expect(messageRow(page, mine)).toBeVisible();
  await page.getByTestId('accounts-link').click();

  // a wrong password is refused with a message, and nothing is added
  await page.getByTestId('account-add-email').fill(second.email);
  await page.getByTestId('account-add-password').fill('not-the-password');
  await page.getByTestId('account-add-submit').click();
  await expect(page.getByTestId('account-add-error')).toBeVisible();
  await expect(page.getByTestId('account-row')).toHaveCount(1);

  await page.getByTestId('account-add-password').fill(second.password);
  await page.getByTestId('account-add-submit').click();
  await expect(page.getByTestId('account-row')).toHaveCount(2);
  const secondId = await page.getByTestId('account-row').nth(1).getAttribute('data-account-id');
  expect(secondId).toBeTruthy();

  // the switcher: both accounts, the second with its unread Inbox message
  await page.getByRole('link', { name: /back to mail/i }).click();
  const items = page.getByTestId('account-switcher').getByTestId('account-item');
  await expect(items).toHaveCount(2);
  const secondItem = page.locator(`[data-testid="account-item"][data-account-id="${secondId}"]`);
  await expect(secondItem.getByTestId('account-unread')).toHaveText('1');

  // switching shows the second account's Inbox under its own URL, and back
  await secondItem.click();
  await expect(page).toHaveURL(new RegExp(`/${secondId}/mail/INBOX$`));
  await expect(messageRow(page, theirs)).toBeVisible();
  await expect(messageRow(page, mine)).toHaveCount(0);
  await items.first().click();
  await expect(page).toHaveURL(/\/mail\/INBOX$/);
  await expect(messageRow(page, mine)).toBeVisible();

  // the unified inbox: both, each naming its account; new mail to either account arrives without a reload
  await page.getByTestId('unified-inbox-link').click();
  const unified = page.getByTestId('unified-inbox');
  const row = (subject: string) => unified.getByTestId('unified-row').filter({ hasText: subject });
  await expect(row(mine)).toBeVisible();
  await expect(row(theirs)).toHaveAttribute('data-account-id', secondId!);
  await expect(row(theirs).getByTestId('unified-row-account')).toHaveText(second.email);
  const live = uniqueSubject('Live to the second');
  await deliver({ to: second.email, subject: live, text: 'pushed' });
  await expect(row(live)).toBeVisible();
  await expect(row(live)).toHaveAttribute('data-account-id', secondId!);
  await expect(unified.getByTestId('unified-row').first()).toContainText(live);
  // and to the first (primary) account: the same page, still without a reload
  const firstId = await row(mine).getAttribute('data-account-id');
  expect(firstId).not.toBe(secondId);
  const liveFirst = uniqueSubject('Live to the first');
  await mailbox.deliver({ subject: liveFirst, text: 'pushed too' });
  await expect(row(liveFirst)).toBeVisible();
  await expect(row(liveFirst)).toHaveAttribute('data-account-id', firstId!);
  await expect(unified.getByTestId('unified-row').first()).toContainText(liveFirst);

  // a row opens in its own account
  await row(theirs).click();
  await expect(page).toHaveURL(new RegExp(`/${secondId}/mail/INBOX/\\d+$`));
  await expect(page.getByTestId('reader-subject')).toHaveText(theirs);
});
