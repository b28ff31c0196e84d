import type { Page } from '@playwright/test';

/** One change of the connection indicator, by the page's own clock (Date.now). */
export interface ConnectionStateChange {
  state: string;
  at: number;
}

/** Records (in the page, from its first script) when the connection indicator changes state. */
export async function recordConnectionStates(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const log: { state: string; at: number }[] = [];
    (window as unknown as { __connectionStates: typeof log }).__connectionStates = log;
    new MutationObserver(() => {
      const state = document.querySelector('[data-testid="connection-state"]')?.getAttribute('data-state');
      if (state && log.at(-1)?.state !== state) log.push({ state, at: Date.now() });
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });
}

/** The changes recorded so far. */
export const connectionStates = (page: Page): Promise<ConnectionStateChange[]> =>
  page.evaluate(() => (window as unknown as { __connectionStates: ConnectionStateChange[] }).__connectionStates);
