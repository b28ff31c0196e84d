import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page, Request } from '@playwright/test';
import { expect, signIn, test } from '../fixtures.ts';
import { repoRoot } from '../support/pigeon-server.ts';

/** Issue 12: login page + sign-in → inbox within 150 KB on the wire (0.30 of Roundcube's 494.7 KB). */
const FIRST_VISIT_BUDGET = 150 * 1024;

/** The built file of a source module, from Vite's manifest (names carry content hashes). */
function chunkOf(source: string): string {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'apps/web/dist/.vite/manifest.json'), 'utf8')) as Record<
    string,
    { file: string }
  >;
  const entry = manifest[source];
  if (!entry) throw new Error(`${source} is not in the web build's manifest`);
  return `/${entry.file}`;
}

/** Data saver on: nothing is fetched ahead of time, so what a screen needs is all that is requested. */
async function saveData(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setDataSaverOverride', { dataSaverEnabled: true });
}

interface Transfer {
  url: string;
  bytes: number;
  encoding: string | undefined;
  fromServiceWorker: boolean;
}

/** Every finished request of the context (the page's and a service worker's), with its size on the wire. */
function recordTransfers(context: BrowserContext): Promise<Transfer>[] {
  const transfers: Promise<Transfer>[] = [];
  context.on('requestfinished', (request: Request) => {
    transfers.push(
      (async () => {
        const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
        return {
          url: request.url(),
          bytes: sizes.responseBodySize + sizes.responseHeadersSize,
          encoding: response ? ((await response.headerValue('content-encoding')) ?? undefined) : undefined,
          fromServiceWorker: response?.fromServiceWorker() ?? false,
        };
      })(),
    );
  });
  return transfers;
}

test.describe('with mail in the inbox', () => {
  test.use({ seed: 60 });

  test('a first visit (sign-in page, sign in, inbox) transfers compressed files, within 150 KB', async ({
    context,
    page,
    user,
    baseURL,
  }) => {
    const linkify = chunkOf('src/features/message/linkify.ts');
    await saveData(context, page);
    const pending = recordTransfers(context);
    await signIn(page, user);
    await expect(page.getByTestId('message-row').first()).toBeVisible();
    // the pointer rests on a row, as it does after the sign-in button: on a data saver nothing is loaded ahead
    await page.getByTestId('message-row').nth(1).hover();
    // the service worker's install (its script, the shell it precaches) is part of the first visit: count all of
    // it, not whatever part happened to finish before the network first fell quiet
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.waitForLoadState('networkidle');

    const transfers = await Promise.all(pending);
    const onWire = transfers.filter((t) => !t.fromServiceWorker);
    const files = onWire.filter((t) => {
      const { origin, pathname } = new URL(t.url);
      return origin === baseURL && /\.(js|css|html)$|^\/sign-in$/.test(pathname);
    });
    expect(files.length, 'the app shell was fetched').toBeGreaterThan(2);
    for (const file of files) expect(file.encoding, file.url).toBe('br');

    // the session probe's 401 brings the CSRF token the sign-in sends: no request of its own (decision 024)
    const paths = onWire.map((t) => new URL(t.url).pathname);
    expect(paths).not.toContain('/api/auth/csrf');
    // no message's detail or body ahead, and not the plain-text link finder (decision 044 part 9)
    expect(paths.filter((p) => /\/messages\/\d+(\/body)?$/.test(p))).toEqual([]);
    expect(paths).not.toContain(linkify);

    const total = onWire.reduce((sum, t) => sum + t.bytes, 0);
    const table = onWire.map((t) => `${String(t.bytes).padStart(7)}  ${t.encoding ?? '-'}  ${t.url}`).join('\n');
    expect(total, `bytes on the wire:\n${table}`).toBeLessThanOrEqual(FIRST_VISIT_BUDGET);
  });
});

test('the composer and its editor are fetched only when compose opens (data saver on)', async ({
  context,
  page,
  user,
}) => {
  const composer = chunkOf('src/features/compose/ComposeDialog.vue');
  await saveData(context, page);
  const requested: string[] = [];
  context.on('request', (r) => requested.push(new URL(r.url()).pathname));

  await signIn(page, user);
  await expect(page.getByTestId('compose-open')).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(requested).not.toContain(composer);

  const fetched = page.waitForRequest((r) => new URL(r.url()).pathname === composer);
  await page.getByTestId('compose-open').click();
  await fetched;
  await expect(page.getByTestId('compose-body')).toBeVisible();
  await page.getByTestId('compose-subject').fill('typed once the chunk is in');
  await expect(page.getByTestId('compose-subject')).toHaveValue('typed once the chunk is in');
});

test('once the inbox is shown, the composer is fetched while the page is idle', async ({ page, user }) => {
  const composer = chunkOf('src/features/compose/ComposeDialog.vue');
  const prefetched = page.waitForRequest((r) => new URL(r.url()).pathname === composer);
  await signIn(page, user);
  await prefetched;
  await page.getByTestId('compose-open').click();
  await expect(page.getByTestId('compose-body')).toBeVisible();
});

test.describe('in a Korean browser', () => {
  test.use({ locale: 'ko-KR' });

  test('the first screen is Korean (the language is its own chunk, fetched before the app shows)', async ({ page }) => {
    const korean = chunkOf('src/i18n/ko.json');
    const fetched = page.waitForRequest((r) => new URL(r.url()).pathname === korean);
    await page.goto('/sign-in');
    await fetched;
    await expect(page.getByTestId('login-submit')).toHaveText('로그인');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  });
});

test.describe('a mail page whose code arrives after its first rows', () => {
  // no service worker: it would serve the page's code from its cache, past the route that holds it back
  test.use({ seed: 3, serviceWorkers: 'block' });

  test('the folder list and the first page are each fetched once (data saver on)', async ({ context, page, user }) => {
    // data saver: no device copy, whose own reads of the folders and the newest messages would count too
    await saveData(context, page);
    const api = (pathname: string) => pathname.includes('/api/accounts/');
    const requested: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (api(url.pathname)) requested.push(`${url.pathname}${url.search}`);
    });
    // the page's code waits until the first page has been answered (a slow network or a busy machine)
    const firstPage = page.waitForResponse((r) => /\/mailboxes\/INBOX\/messages\?limit=/.test(r.url()));
    // the answer carries no rows (as when the server's read of them outlasts its wait): the device asks for them
    await page.route('**/api/auth/sign-in', async (route) => {
      const body = route.request().postDataJSON() as Record<string, unknown>;
      delete body.firstPage;
      await route.continue({ postData: JSON.stringify(body) });
    });
    await page.route(/\/assets\/MailPage-[^/]*\.js$/, async (route) => {
      await firstPage;
      await route.continue();
    });
    await signIn(page, user);
    await expect(page.getByTestId('message-row')).toHaveCount(3);
    await page.waitForLoadState('networkidle');
    const of = (pattern: RegExp) => requested.filter((u) => pattern.test(u));
    expect(of(/\/mailboxes$/), requested.join('\n')).toHaveLength(1);
    expect(of(/\/mailboxes\/INBOX\/messages\?limit=\d+$/), requested.join('\n')).toHaveLength(1);
  });
});
