import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './support/chromium.ts';

// Assumes the web build and the Prisma client exist (`node scripts/pnpm.mjs --filter @pigeon/web build` and
// `node scripts/pnpm.mjs --filter @pigeon/server build`; `npm test` runs both). global-setup.ts starts the
// mail fixture and one Pigeon server on a free 127.0.0.1 port (PIGEON_E2E_PORT to pin it).

// A mail fixture of its own (scripts/mail, ports +23000), so integration tests that stop Dovecot or a bench
// seeding 50k messages on the shared one (ports +20000) cannot break a run. Workers inherit these.
process.env.PIGEON_MAIL_DIR ??= '/tmp/pigeon-mail-e2e';
process.env.PIGEON_MAIL_PORT_OFFSET ??= '23000';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  // each test signs in its own fresh user, so two workers share the server without stepping on each other
  workers: 2,
  fullyParallel: true,
  retries: 0, // a flaky test is a bug
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'en-US',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: 'chromium' }],
});
