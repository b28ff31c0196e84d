import type { MessageSummary, PushLocale, PushNotice } from '@pigeon/shared';

/** Characters of sender and subject a notification carries (push services take about 4 KB per message). */
export const NOTICE_TEXT_MAX = 200;

const clip = (text: string) => (text.length > NOTICE_TEXT_MAX ? `${text.slice(0, NOTICE_TEXT_MAX - 1)}…` : text);

/**
 * What one device is told about new mail: where the newest message is and how many arrived; the sender and
 * subject only when the device chose them and the event carried the rows.
 */
export function buildNotice(opts: {
  accountId: string;
  path: string;
  uids: number[];
  rows?: MessageSummary[];
  showContent: boolean;
  locale: PushLocale;
}): PushNotice | null {
  const uid = opts.uids.at(-1);
  if (uid === undefined) return null;
  const notice: PushNotice = {
    kind: 'mail.new',
    accountId: opts.accountId,
    path: opts.path,
    uid,
    count: opts.uids.length,
    locale: opts.locale,
  };
  const row = opts.rows?.find((r) => r.uid === uid);
  if (opts.showContent && row) {
    const from = row.from?.name || row.from?.address;
    if (from) notice.from = clip(from);
    notice.subject = clip(row.subject);
  }
  return notice;
}
