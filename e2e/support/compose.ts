import type { Page } from '@playwright/test';

/** Opens the composer and fills To, Subject and the body (To stays a typed address until it becomes a chip). */
export async function compose(page: Page, to: string, subject: string, body: string): Promise<void> {
  await page.getByTestId('compose-open').click();
  await page.getByTestId('compose-to').fill(to);
  await page.getByTestId('compose-subject').fill(subject);
  await page.getByTestId('compose-body').click();
  await page.keyboard.type(body);
}

/** The outbox entry of the message with `subject` (the undo window is SEND_UNDO_SECONDS, 5 s by default). */
export const outboxItem = (page: Page, subject: string) => page.getByTestId('outbox-item').filter({ hasText: subject });
