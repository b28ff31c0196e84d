import type { Browser, BrowserContext, Page, WebSocket } from '@playwright/test';
import { expect, signIn, test } from '../fixtures.ts';

// The devices page: a laptop signs the phone out (one device, then "everywhere else"); the phone lands on the
// sign-in page and its live socket is closed by the server, not left receiving mail.

const PHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

interface Device {
  context: BrowserContext;
  page: Page;
  /** the page's socket.io WebSockets, newest last */
  sockets: WebSocket[];
}

async function device(browser: Browser, baseURL: string, proxy: string, phone: boolean): Promise<Device> {
  const context = await browser.newContext({
    baseURL,
    proxy: { server: proxy, bypass: `<-loopback>,${new URL(baseURL).host}` },
    ...(phone ? { viewport: { width: 390, height: 844 }, userAgent: PHONE_UA, isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  const sockets: WebSocket[] = [];
  page.on('websocket', (ws) => {
    if (ws.url().includes('/socket.io/')) sockets.push(ws);
  });
  return { context, page, sockets };
}

const live = (page: Page) => expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
const rows = (page: Page) => page.getByTestId('device-item');

test('sign out the phone from the laptop, then everywhere else: the phone goes to sign-in, its socket is closed', async ({
  browser,
  baseURL,
  offsite,
  user,
}) => {
  const laptop = await device(browser, baseURL as string, offsite.url, false);
  const phone = await device(browser, baseURL as string, offsite.url, true);
  try {
    await signIn(laptop.page, user);
    await signIn(phone.page, user);
    await live(phone.page);

    // phone layout: the account menu is behind the folders button; the page fits the screen
    await phone.page.getByRole('button', { name: 'Show folders' }).click();
    await phone.page.getByTestId('devices-link').click();
    await expect(phone.page).toHaveURL(/\/settings\/devices$/);
    await expect(rows(phone.page)).toHaveCount(2);
    await expect(phone.page.locator('[data-testid="device-item"][data-current]')).toContainText('iOS');
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await phone.page.goto('/mail/INBOX');
    await live(phone.page);
    const phoneSocket = phone.sockets.at(-1)!;
    expect(phoneSocket.isClosed()).toBe(false);

    // keyboard on the laptop: Tab to the account's Devices link, Enter
    await laptop.page.getByTestId('devices-link').focus();
    await laptop.page.keyboard.press('Enter');
    await expect(laptop.page.getByRole('heading', { name: 'Signed-in devices' })).toBeVisible();
    await expect(rows(laptop.page)).toHaveCount(2);
    const current = laptop.page.locator('[data-testid="device-item"][data-current]');
    await expect(current).toHaveCount(1);
    await expect(current).toContainText('This device');
    const phoneRow = laptop.page.locator('[data-testid="device-item"]:not([data-current])');
    await expect(phoneRow).toContainText('Safari 17 · iOS 17');
    await phoneRow.getByTestId('device-sign-out').focus();
    await laptop.page.keyboard.press('Enter');

    await expect(rows(laptop.page)).toHaveCount(1);
    await expect(phone.page).toHaveURL(/\/sign-in/);
    await expect.poll(() => phoneSocket.isClosed()).toBe(true);
    // the laptop stays signed in and live
    await laptop.page.goto('/mail/INBOX');
    await live(laptop.page);

    // the phone signs in again; "sign out everywhere else" (with its confirmation) ends it once more
    await signIn(phone.page, user);
    await live(phone.page);
    const again = phone.sockets.at(-1)!;
    await laptop.page.goto('/settings/devices');
    await expect(rows(laptop.page)).toHaveCount(2);
    await laptop.page.getByTestId('device-sign-out-others').click();
    await laptop.page.getByTestId('confirm-ok').click();
    await expect(rows(laptop.page)).toHaveCount(1);
    await expect(laptop.page.getByTestId('device-sign-out-others')).toBeDisabled();
    await expect(phone.page).toHaveURL(/\/sign-in/);
    await expect.poll(() => again.isClosed()).toBe(true);
  } finally {
    await laptop.context.close();
    await phone.context.close();
  }
});

test('signing this device out from the devices page goes to the sign-in page', async ({ signedInPage: page }) => {
  await page.goto('/settings/devices');
  await expect(page.locator('[data-testid="device-item"][data-current]')).toHaveCount(1);
  await page.locator('[data-testid="device-item"][data-current]').getByTestId('device-sign-out').click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto('/settings/devices');
  await expect(page).toHaveURL(/\/sign-in/);
});
