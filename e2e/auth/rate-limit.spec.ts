import { expect, test } from '../fixtures.ts';
import { startPigeon } from '../support/pigeon-server.ts';

// The shared server runs with limits high enough never to trip; this test starts its own with a limit of 2.
test('after too many wrong passwords even the right one is refused, with a wait message', async ({
  browser,
  user,
  offsite,
}) => {
  // a Pigeon of its own starts inside the test (embedded PostgreSQL: 30–45 s on a loaded 2-core machine)
  test.slow();
  const server = await startPigeon({
    env: { SIGNIN_LIMIT_PER_ACCOUNT: '2', SIGNIN_LIMIT_WINDOW_SECONDS: '600' },
  });
  const context = await browser.newContext({
    baseURL: server.url,
    proxy: { server: offsite.url, bypass: `<-loopback>,${new URL(server.url).host}` },
  });
  try {
    const page = await context.newPage();
    await page.goto('/sign-in');
    // resolves with the HTTP status of this attempt, so the next one never overlaps it
    const attempt = async (password: string) => {
      await page.getByTestId('login-email').fill(user.email);
      await page.getByTestId('login-password').fill(password);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/auth/sign-in')),
        page.getByTestId('login-submit').click(),
      ]);
      return response.status();
    };
    for (let i = 0; i < 2; i++) {
      expect(await attempt('wrong-password')).toBe(401);
      await expect(page.getByTestId('login-error')).toBeVisible();
      await expect(page.getByTestId('login-error')).not.toContainText(/too many/i);
    }
    expect(await attempt(user.password)).toBe(429);
    await expect(page.getByTestId('login-error')).toContainText(/too many attempts/i);
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByTestId('message-list')).toHaveCount(0);
  } finally {
    await context.close();
    await server.stop();
  }
});
