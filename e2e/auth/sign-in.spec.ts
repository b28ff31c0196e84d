import { expect, messageRow, rowByUid, SIGN_IN_ANSWER_MS, signIn, test, uniqueSubject } from '../fixtures.ts';

test.describe('sign-in', () => {
  test.describe('with a seeded mailbox', () => {
    test.use({ seed: 60 });

    test('a seeded user signs in and sees the newest messages of the inbox', async ({ page, user, mailbox }) => {
      const inbox = await mailbox.status('INBOX');
      expect(inbox.messages).toBe(60);
      await signIn(page, user);
      await expect(page).toHaveURL(/\/mail\/INBOX$/);
      // newest first: the highest uid is on the first page, the oldest is not
      await expect(rowByUid(page, 60)).toBeVisible();
      await expect(rowByUid(page, 1)).toHaveCount(0);
      await expect(page.getByTestId('login-email')).toHaveCount(0);
    });
  });

  test('a wrong password shows login-error and stays on the sign-in page', async ({ page, user }) => {
    await page.goto('/sign-in');
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(`${user.password}-wrong`);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toBeVisible({ timeout: SIGN_IN_ANSWER_MS });
    await expect(page.getByTestId('login-error')).not.toBeEmpty();
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByTestId('message-list')).toHaveCount(0);
    // the password field is kept usable for the next attempt
    await expect(page.getByTestId('login-password')).toBeEditable();
  });

  test('an unknown user gets the same login-error', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByTestId('login-email').fill('nobody-here@school.test');
    await page.getByTestId('login-password').fill('whatever-pw');
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('login-error')).toBeVisible({ timeout: SIGN_IN_ANSWER_MS });
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('reloading a deep link to a message keeps the session and the message', async ({ page, user, mailbox }) => {
    const subject = uniqueSubject('Deep link');
    const uid = await mailbox.deliver({ subject, text: 'Body of the deep-linked message.' });
    await signIn(page, user);
    await page.goto(`/mail/INBOX/${uid}`);
    await expect(page.getByTestId('reader')).toContainText(subject);
    await page.reload();
    await expect(page).toHaveURL(new RegExp(`/mail/INBOX/${uid}$`));
    await expect(page.getByTestId('reader')).toContainText(subject);
    await expect(page.getByTestId('message-body')).toContainText('Body of the deep-linked message.');
    await expect(page.getByTestId('login-email')).toHaveCount(0);
  });

  test('signing out ends the session: a deep link then asks to sign in', async ({ page, user, mailbox }) => {
    const subject = uniqueSubject('After sign-out');
    const uid = await mailbox.deliver({ subject, text: 'x' });
    await signIn(page, user);
    await expect(messageRow(page, subject)).toBeVisible();
    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.goto(`/mail/INBOX/${uid}`);
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByTestId('login-email')).toBeVisible();
    await expect(page.getByText(subject)).toHaveCount(0);
  });
});
