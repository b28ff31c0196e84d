import { randomBytes } from 'node:crypto';
import { createUser, setUserPassword } from '@pigeon/mail-fixture';
import { expect, signIn, test } from '../fixtures.ts';

// The school changes the sign-in password (decision 034): the added account's saved password was sealed under the old
// one, so after signing in with the new password the account shows "needs its password" in the switcher and in
// Settings -> Accounts, and giving it again there brings it back with its mail.

test('after a sign-in password change, an added account asks for its password again and comes back', async ({
  page,
  user,
}) => {
  const second = await createUser('e2e-second');
  await signIn(page, user);
  await page.getByTestId('accounts-link').click();
  await page.getByTestId('account-add-email').fill(second.email);
  await page.getByTestId('account-add-password').fill(second.password);
  await page.getByTestId('account-add-submit').click();
  await expect(page.getByTestId('account-row')).toHaveCount(2);
  const secondId = await page.getByTestId('account-row').nth(1).getAttribute('data-account-id');

  const changed = await setUserPassword(user, `new-${randomBytes(4).toString('hex')}`);
  await page.context().clearCookies();
  await signIn(page, changed);

  // the switcher names it, and leads to where the password is given
  const item = page.locator(`[data-testid="account-item"][data-account-id="${secondId}"]`);
  await expect(item.getByTestId('account-needs-password')).toBeVisible();
  await item.click();
  await expect(page).toHaveURL(/\/settings\/accounts$/);
  const row = page.locator(`[data-testid="account-row"][data-account-id="${secondId}"]`);
  await expect(row.getByTestId('account-needs-password')).toBeVisible();

  await row.getByTestId('account-reenter-password').fill('not-the-password');
  await row.getByTestId('account-reenter').click();
  await expect(row.getByTestId('account-reenter-error')).toBeVisible();
  await expect(page.getByTestId('account-row')).toHaveCount(2);

  await row.getByTestId('account-reenter-password').fill(second.password);
  await row.getByTestId('account-reenter').click();
  await expect(row.getByTestId('account-needs-password')).toHaveCount(0);
  await page.getByRole('link', { name: /back to mail/i }).click();
  await expect(item.getByTestId('account-needs-password')).toHaveCount(0);
  await item.click();
  await expect(page).toHaveURL(new RegExp(`/${secondId}/mail/INBOX$`));
  await expect(page.getByTestId('message-list')).toBeVisible();
});
