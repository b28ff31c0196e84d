import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect } from '../fixtures.ts';

/**
 * Clicks "Export as .eml" and reads the zip it downloads: checks its name and signature, and counts its entries from
 * the end-of-central-directory record (no unzip library in e2e).
 */
export async function downloadEmlZip(page: Page): Promise<{ zip: Buffer; entries: number }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('action-export-eml').click()]);
  expect(download.suggestedFilename()).toBe('messages.zip');
  const zip = await readFile(await download.path());
  expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  const end = zip.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'));
  expect(end).toBeGreaterThan(0);
  return { zip, entries: zip.readUInt16LE(end + 10) };
}
