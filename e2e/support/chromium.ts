import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium with the flags from docs (shared/notes/stack.md), plus autofill's server calls switched off. */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // a password form makes Chromium ask content-autofill.googleapis.com about it: browser traffic, not the app's
    '--disable-features=AutofillServerCommunication',
  ],
};
