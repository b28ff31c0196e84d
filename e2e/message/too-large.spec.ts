import { expect, messageRow, test, uniqueSubject } from '../fixtures.ts';
import { startPigeon } from '../support/pigeon-server.ts';

// The shared server shows 8 MiB of text; this test starts its own with MESSAGE_DISPLAY_MAX_BYTES at its minimum.
test('a message larger than the display bound shows its headers, files and "too large, download it"', async ({
  browser,
  user,
  mailbox,
  offsite,
}) => {
  const subject = uniqueSubject('Too large');
  const line = 'A line of a very long report.'.padEnd(76, ' ');
  const text = Array.from({ length: 3000 }, () => line).join('\r\n'); // ~230 KB
  const raw = [
    `From: Office <office@school.test>`,
    `To: ${user.email}`,
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="m"',
    '',
    '--m',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '--m',
    'Content-Type: application/pdf; name="report.pdf"',
    'Content-Disposition: attachment; filename="report.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4 tiny').toString('base64'),
    '--m--',
    '',
  ].join('\r\n');
  await mailbox.append('INBOX', raw);

  // a Pigeon of its own starts inside the test (embedded PostgreSQL: 30–45 s on a loaded 2-core machine)
  test.slow();
  const server = await startPigeon({ env: { MESSAGE_DISPLAY_MAX_BYTES: '65536' } });
  const context = await browser.newContext({
    baseURL: server.url,
    proxy: { server: offsite.url, bypass: `<-loopback>,${new URL(server.url).host}` },
  });
  try {
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByTestId('login-email').fill(user.email);
    await page.getByTestId('login-password').fill(user.password);
    await page.getByTestId('login-submit').click();
    await messageRow(page, subject).click();

    await expect(page.getByTestId('reader-subject')).toHaveText(subject);
    const notice = page.getByTestId('reader-body-notice');
    await expect(notice).toContainText('too large to show here');
    await expect(page.getByTestId('reader-body-notice-download')).toHaveAttribute('href', /\/raw$/);
    await expect(page.getByTestId('attachment-item')).toHaveText(/report\.pdf/);
    await expect(page.getByTestId('message-body')).toBeVisible(); // "(This message has no text.)"
  } finally {
    await context.close();
    await server.stop();
  }
});
