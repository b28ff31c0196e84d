import { describe, expect, it } from 'vitest';
import type { MessageSummary } from '@pigeon/shared';
import { NOTICE_TEXT_MAX, buildNotice } from './push-notice.ts';

const row = (uid: number, subject: string, name = 'Ada Teacher'): MessageSummary =>
  ({ uid, subject, from: { name, address: 'ada@school.test' } }) as MessageSummary;
const base = { accountId: 'a1', path: 'INBOX', locale: 'en' as const };

describe('buildNotice', () => {
  it('carries no content by default: where the newest message is and how many arrived', () => {
    const notice = buildNotice({ ...base, uids: [7, 9], rows: [row(7, 'A'), row(9, 'B')], showContent: false });
    expect(notice).toEqual({ kind: 'mail.new', accountId: 'a1', path: 'INBOX', uid: 9, count: 2, locale: 'en' });
  });

  it("names the newest message's sender and subject when the device chose it, clipped", () => {
    const long = 'x'.repeat(NOTICE_TEXT_MAX + 50);
    const notice = buildNotice({ ...base, uids: [7, 9], rows: [row(7, 'A'), row(9, long)], showContent: true });
    expect(notice).toMatchObject({ uid: 9, from: 'Ada Teacher' });
    expect(notice!.subject).toHaveLength(NOTICE_TEXT_MAX);
  });

  it('falls back to the address, and to no content when the event came without rows', () => {
    expect(buildNotice({ ...base, uids: [3], rows: [row(3, 'Hi', '')], showContent: true })).toMatchObject({
      from: 'ada@school.test',
    });
    expect(buildNotice({ ...base, uids: [3], rows: undefined, showContent: true })).not.toHaveProperty('subject');
    expect(buildNotice({ ...base, uids: [], rows: [], showContent: true })).toBeNull();
  });
});
