import type { Browser, BrowserContext, Page } from '@playwright/test';
import { recordConnectionStates } from './connection-states.ts';

/** One of a user's devices: its own browser context (cookies), its page recording the connection indicator. */
export interface Device {
  context: BrowserContext;
  page: Page;
}

/** Opens a device on `baseURL` whose off-site requests go through the `offsite` proxy (the specs' guard). */
export async function openDevice(browser: Browser, baseURL: string, proxyServer: string): Promise<Device> {
  const context = await browser.newContext({
    baseURL,
    proxy: { server: proxyServer, bypass: `<-loopback>,${new URL(baseURL).host}` },
  });
  const page = await context.newPage();
  await recordConnectionStates(page);
  return { context, page };
}

/** The connection indicator (`data-state`: live, reconnecting, offline). */
export const connection = (page: Page) => page.getByTestId('connection-state');
