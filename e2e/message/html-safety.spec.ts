import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { bodyFrame, expect, messageRow, signIn, test, uniqueSubject } from '../fixtures.ts';

// a 1×1 PNG
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
// TEST-NET-2: never routed; the browser must not even try
const TRACKER = 'http://198.51.100.7';

declare global {
  interface Window {
    __xss?: number;
  }
}

test('scripts and event handlers in an HTML message never run, and nothing is fetched from remote hosts', async ({
  page,
  user,
  mailbox,
  offsite,
}) => {
  const subject = uniqueSubject('XSS probe');
  await mailbox.deliver({
    subject,
    text: 'xss probe (text part)',
    html: `<p id="hello">xss-probe visible text</p>
<script>window.parent.__xss=1;window.__xss=1</script>
<img src=x onerror="window.parent.__xss=2;window.__xss=2">
<svg><script>window.__xss=3</script></svg>
<p id="hover" onmouseover="window.__xss=4">hover me</p>
<a id="jslink" href="javascript:window.__xss=5">javascript link</a>
<iframe src="javascript:window.parent.__xss=6"></iframe>
<img src="${TRACKER}/pixel.gif" width="1" height="1">
<div style="background:url(${TRACKER}/bg.png)">styled</div>
<link rel="stylesheet" href="${TRACKER}/style.css">`,
  });
  await signIn(page, user);
  await messageRow(page, subject).click();
  const frame = await bodyFrame(page, 'xss-probe visible text');
  const bodyUrl = frame.url();
  await frame.waitForLoadState('load');
  await frame.locator('#msg-hover').hover(); // the sanitizer prefixes ids (no DOM clobbering)

  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(await frame.evaluate(() => window.__xss)).toBeUndefined();
  for (const child of frame.childFrames()) expect(await child.evaluate(() => window.__xss)).toBeUndefined();
  await expect(page).toHaveURL(/\/mail\/INBOX\/\d+$/);

  // the body URL opened on its own (a link someone was tricked into) runs no script either
  expect(bodyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\//);
  await page.goto(bodyUrl);
  await expect(page.locator('body')).toContainText('xss-probe visible text');
  await page.locator('#msg-hover').hover();
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
  expect(offsite.requests, 'requests to remote hosts').toEqual([]);
});

test('remote images load only after "show remote content"', async ({ page, user, mailbox, offsite }) => {
  const hits: string[] = [];
  const remote = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length, 'cache-control': 'no-store' });
    res.end(PNG);
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(remote.address() as AddressInfo).port}`;
  offsite.allow(origin); // this test's "remote host"; every other host stays blocked
  try {
    const subject = uniqueSubject('Remote image');
    const other = uniqueSubject('Another remote image');
    await mailbox.deliver({
      subject: other,
      text: 'remote image (text part)',
      html: `<p>second newsletter</p><img alt="remote" src="${origin}/pixel.png?m=2">`,
    });
    await mailbox.deliver({
      subject,
      text: 'remote image (text part)',
      html: `<p>remote-probe newsletter</p><img id="remote" alt="remote" src="${origin}/pixel.png?m=1">`,
    });
    await signIn(page, user);
    await messageRow(page, subject).click();
    const frame = await bodyFrame(page, 'remote-probe newsletter');
    await frame.waitForLoadState('load');
    await expect(page.getByTestId('remote-content-allow')).toBeVisible();
    expect(hits, 'requests to the remote host before allowing').toEqual([]);
    expect(offsite.requests).toEqual([]);

    await page.getByTestId('remote-content-allow').click();
    await expect.poll(() => hits.length, { message: 'the remote host got the image request' }).toBeGreaterThan(0);
    const img = page.frameLocator('[data-testid="message-body"]').locator('img').first();
    await expect
      .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), {
        message: 'the image is decoded in the frame',
      })
      .toBeGreaterThan(0);
    expect(hits.every((h) => h === '/pixel.png?m=1')).toBe(true);

    // the permission was for that message only
    await messageRow(page, other).click();
    const second = await bodyFrame(page, 'second newsletter');
    await second.waitForLoadState('load');
    await expect(page.getByTestId('remote-content-allow')).toBeVisible();
    expect(hits.filter((h) => h === '/pixel.png?m=2')).toEqual([]);
  } finally {
    await new Promise((resolve) => remote.close(resolve));
  }
});
