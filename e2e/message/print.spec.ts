import { expect, messageRow, signIn, test, uniqueSubject } from '../fixtures.ts';

declare global {
  interface Window {
    __xss?: number;
  }
}

test('action-print opens a printable page: Pigeon’s headers the message cannot hide, the sanitized body, no script', async ({
  page,
  user,
  mailbox,
  offsite,
}) => {
  const subject = uniqueSubject('학교 소풍 인쇄');
  await mailbox.deliver({
    subject,
    from: '김선생 <kim@school.test>',
    text: 'print probe (text part)',
    // the message's CSS tries to hide Pigeon's header block and to draw its own
    html: `<style>[data-testid="print-head"],dl,h1{display:none!important}</style>
<p id="probe">print-probe body text</p><script>window.__xss=1</script><img src=x onerror="window.__xss=2">
<img src="http://198.51.100.7/pixel.gif">`,
  });
  await signIn(page, user);
  await messageRow(page, subject).click();
  await expect(page.getByTestId('reader-subject')).toHaveText(subject);

  const [print] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('action-print').click()]);
  await print.waitForLoadState('load');
  await expect(print).toHaveTitle(subject);
  await expect(print.getByTestId('print-subject')).toBeVisible();
  await expect(print.getByTestId('print-subject')).toHaveText(subject);
  await expect(print.getByTestId('print-from')).toHaveText('김선생 <kim@school.test>');
  await expect(print.getByTestId('print-to')).toContainText(user.email);
  await expect(print.getByTestId('print-date')).not.toBeEmpty();
  await expect(print.getByTestId('print-body')).toContainText('print-probe body text');
  expect(await print.evaluate(() => window.__xss)).toBeUndefined();

  // the hint is for the screen only; printed, the page is the headers and the message
  await expect(print.getByTestId('print-hint')).toBeVisible();
  await print.emulateMedia({ media: 'print' });
  await expect(print.getByTestId('print-hint')).toBeHidden();
  await expect(print.getByTestId('print-subject')).toBeVisible();
  expect(offsite.requests, 'requests to remote hosts').toEqual([]);
});
