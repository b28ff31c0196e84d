import type { Frame, Page } from '@playwright/test';
import { bodyFrame, expect, messageRow, signIn, test } from '../fixtures.ts';
import type { OffsiteProxy } from '../support/offsite-proxy.ts';
import { startPigeon, type PigeonServer } from '../support/pigeon-server.ts';
import { buildHostileSet, type HostileMessage } from './hostile/build.ts';

// The hostile-mail set (e2e/message/hostile/README.md) opened in Chromium, once with every layer, then with each
// layer alone (decision 011): the sanitizer without the frame's sandbox and CSP, and the sandbox and CSP
// without the sanitizer. Each time: no dialog, no canary, no popup, no request to another origin (the offsite
// proxy fails the test), the frame stays on its body URL, and the app's own UI is what lies under its pixels.

declare global {
  interface Window {
    __pigeon_xss?: unknown;
  }
}

type Layer = 'all layers' | 'sanitizer alone' | 'sandbox and CSP alone';

interface Watch {
  dialogs: string[];
  popups: string[];
}

function watch(page: Page): Watch {
  const w: Watch = { dialogs: [], popups: [] };
  page.on('dialog', (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  page.context().on('page', (p) => w.popups.push(p.url()));
  return w;
}

/** What the app shows outside the frame is still the app under its own pixels (nothing of the mail covers it). */
async function appOwnsItsPixels(page: Page): Promise<void> {
  for (const id of ['message-list', 'reader-subject', 'action-archive']) {
    const box = await page.getByTestId(id).first().boundingBox();
    if (!box) continue;
    const owner = await page.evaluate(
      ([x, y, testId]) => {
        const el = document.elementFromPoint(x as number, y as number);
        return el ? (el.closest(`[data-testid="${testId}"]`) !== null ? 'app' : el.tagName) : 'nothing';
      },
      [box.x + Math.min(box.width / 2, 40), box.y + box.height / 2, id] as const,
    );
    expect(owner, `the pixel over ${id}`).toBe('app');
  }
}

async function noCanary(page: Page, frames: Frame[]): Promise<void> {
  expect(await page.evaluate(() => window.__pigeon_xss)).toBeUndefined();
  // a frame's named properties may hold an element (<a id="__pigeon_xss"> without the sanitizer): only script sets a string
  for (const f of frames) expect(await f.evaluate(() => typeof window.__pigeon_xss)).not.toBe('string');
}

async function openEach(
  page: Page,
  set: HostileMessage[],
  w: Watch,
  layer: Layer,
  offsite: OffsiteProxy,
): Promise<void> {
  for (const msg of set) {
    await messageRow(page, msg.subject).click();
    if (msg.html === null) {
      // plain text: the reader's own text view; markup and quoted URLs stay text
      const body = page.getByTestId('message-body');
      await expect(body).toContainText(`hostile-probe ${msg.name}`);
      await expect(body).toContainText('<script>');
      for (const href of await body.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
        expect(href).toMatch(/^(https?:\/\/|mailto:)/);
      }
      await noCanary(page, []);
      continue;
    }
    const frame = await bodyFrame(page, `hostile-probe ${msg.name}`);
    await frame.waitForLoadState('load');
    // handlers that need a pointer or focus
    const hover = frame.getByText('hover over me');
    if (await hover.count()) await hover.hover();
    const box = await page.getByTestId('message-body').boundingBox();
    if (box) for (const f of [0.2, 0.5, 0.8]) await page.mouse.move(box.x + box.width * f, box.y + box.height * f);

    await expect(page.getByTestId('remote-content-allow')).toHaveCount(msg.remote ? 1 : 0);
    expect(frame.url(), `${msg.name}: the frame stays on its body`).toMatch(
      /\/api\/accounts\/[^/]+\/mailboxes\/.+\/body/,
    );
    await expect(page).toHaveURL(/\/mail\//);
    await noCanary(page, [frame]);
    await appOwnsItsPixels(page);
    expect(w.dialogs, `${layer}: dialogs after ${msg.name}`).toEqual([]);
    expect(w.popups, `${layer}: popups after ${msg.name}`).toEqual([]);
    expect(offsite.requests, `${layer}: requests to other origins after ${msg.name}`).toEqual([]);
  }
}

async function appendAll(
  append: (raw: string) => Promise<number>,
  tag: string,
  keep: (m: HostileMessage) => boolean = () => true,
): Promise<HostileMessage[]> {
  // not appended at all when left out: the reader loads the neighbours of an open message ahead
  const set = buildHostileSet(tag).filter(keep);
  for (const msg of set) await append(msg.raw);
  return set;
}

test.describe.configure({ timeout: 300_000 });

test('the hostile set with every layer: nothing runs, nothing is fetched, nothing covers the app', async ({
  page,
  user,
  mailbox,
  offsite,
}) => {
  const set = await appendAll((raw) => mailbox.append('INBOX', raw), 'all');
  const w = watch(page);
  await signIn(page, user);
  await openEach(page, set, w, 'all layers', offsite);
  expect(offsite.requests, 'requests to other origins').toEqual([]);
});

test('the sanitizer alone (frame without sandbox attribute, body without CSP) still holds', async ({
  page,
  user,
  mailbox,
  offsite,
}) => {
  // test-only: the app's iframes lose their sandbox attribute before they load (no production switch exists)
  await page.addInitScript(() => {
    const sandbox = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'sandbox');
    Object.defineProperty(HTMLIFrameElement.prototype, 'sandbox', { ...sandbox, set() {} });
    const setAttribute = Element.prototype.setAttribute;
    Element.prototype.setAttribute = function (name: string, value: string) {
      if (this instanceof HTMLIFrameElement && name.toLowerCase() === 'sandbox') return;
      setAttribute.call(this, name, value);
    };
  });
  let stripped = 0;
  await page.route(/\/api\/accounts\/[^/]+\/mailboxes\/.+\/body/, async (route) => {
    // fetched from here, not with route.fetch() (that one goes through the context's offsite proxy)
    const request = route.request();
    const response = await fetch(request.url(), { headers: await request.allHeaders() });
    const headers = Object.fromEntries(response.headers);
    delete headers['content-security-policy'];
    stripped += 1;
    await route.fulfill({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) });
  });
  const set = await appendAll((raw) => mailbox.append('INBOX', raw), 'sanitizer');
  const w = watch(page);
  await signIn(page, user);

  // the switch works: the first body is framed without sandbox and without CSP, same-origin with the app
  await messageRow(page, set[0]!.subject).click();
  const first = await bodyFrame(page, `hostile-probe ${set[0]!.name}`);
  await expect(page.getByTestId('message-body')).not.toHaveAttribute('sandbox');
  expect(await first.evaluate(() => typeof window.parent.document.title)).toBe('string');
  expect(stripped).toBeGreaterThan(0);

  await openEach(page, set, w, 'sanitizer alone', offsite);
  expect(offsite.requests, 'requests to other origins').toEqual([]);
});

// the sandbox and CSP alone: a Pigeon of this file's own, started with the test-only TEST_UNSANITIZED_BODIES
const unsanitized = test.extend<object, { rawServer: PigeonServer }>({
  rawServer: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
    async ({}, use) => {
      const server = await startPigeon({ env: { TEST_UNSANITIZED_BODIES: 'true' } });
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ rawServer }, use) => use(rawServer.url),
});

/**
 * What the sandbox and CSP alone do not stop, found by this test: Chromium opens a connection (a proxy CONNECT, so a
 * DNS lookup and TCP/TLS without a proxy) to the host of an `<iframe src>` that CSP frame-src refuses; no request
 * goes through it. The sanitizer drops every iframe, so with all layers nothing connects (first test above).
 */
const LAYER3_GAPS = new Set(['embedded-content']);

unsanitized(
  'the sandbox and CSP alone (sanitizer bypassed on a test instance) still hold',
  async ({ page, user, mailbox, offsite }) => {
    const set = await appendAll(
      (raw) => mailbox.append('INBOX', raw),
      'raw',
      (m) => !LAYER3_GAPS.has(m.name),
    );
    const w = watch(page);
    await signIn(page, user);

    // the switch works: the script elements reach the frame as the sender wrote them
    const scripts = set.find((m) => m.name === 'script-elements')!;
    await messageRow(page, scripts.subject).click();
    const frame = await bodyFrame(page, 'hostile-probe script-elements');
    expect(await frame.locator('script').count()).toBeGreaterThan(0);
    await expect(page.getByTestId('message-body')).toHaveAttribute('sandbox', /allow-popups/);

    await openEach(page, set, w, 'sandbox and CSP alone', offsite);
    expect(offsite.requests, 'requests to other origins').toEqual([]);
  },
);

unsanitized(
  'the sandbox and CSP alone, embedded content: nothing runs; a blocked iframe costs at most a connection, no request',
  async ({ page, user, mailbox, offsite }) => {
    const set = buildHostileSet('gap').filter((m) => LAYER3_GAPS.has(m.name));
    for (const m of set) await mailbox.append('INBOX', m.raw);
    const w = watch(page);
    await signIn(page, user);
    for (const msg of set) {
      await messageRow(page, msg.subject).click();
      const frame = await bodyFrame(page, `hostile-probe ${msg.name}`);
      await frame.waitForLoadState('load');
      await noCanary(page, [frame]);
      await appOwnsItsPixels(page);
    }
    expect(w.dialogs).toEqual([]);
    expect(w.popups).toEqual([]);
    expect(
      offsite.requests.filter((r) => r !== 'CONNECT evil.invalid:443'),
      'anything beyond the known gap',
    ).toEqual([]);
    offsite.blocked.splice(0); // the gap documented above, asserted to be only that
  },
);
