import { describe, expect, it } from 'vitest';
import type { PushNotice } from '@pigeon/shared';
import { isNoticeUrl, noticeDisplay, noticeUrl, readNotice } from './push-display';
import en from '../../i18n/en.json';
import ko from '../../i18n/ko.json';

const notice: PushNotice = { kind: 'mail.new', accountId: 'a1', path: 'INBOX', uid: 42, count: 1, locale: 'en' };

describe('noticeDisplay', () => {
  it('says only that mail arrived when the server sent no content, and links to the newest message', () => {
    const shown = noticeDisplay(notice, en.pushNotice);
    expect(shown.title).toBe('New mail in Pigeon');
    expect(shown.options.body).toBe('You have a new message.');
    expect(shown.options.data.url).toBe('/mail/INBOX/42');
    expect(noticeDisplay({ ...notice, count: 3 }, ko.pushNotice).options.body).toBe('새 메일 3통이 도착했습니다.');
  });

  it('names sender and subject when the device chose them (the server then sends them)', () => {
    const shown = noticeDisplay({ ...notice, from: 'Kim Minji', subject: 'Field trip' }, en.pushNotice);
    expect(shown).toMatchObject({ title: 'Kim Minji', options: { body: 'Field trip' } });
    expect(noticeDisplay({ ...notice, subject: '' }, en.pushNotice).options.body).toBe('(no subject)');
  });

  it('one notification per folder and account: the next push replaces it', () => {
    expect(noticeDisplay(notice, en.pushNotice).options.tag).toBe(
      noticeDisplay({ ...notice, uid: 43 }, en.pushNotice).options.tag,
    );
  });

  it('an unreadable push still shows plain new mail, opening the app', () => {
    expect(noticeDisplay(null, en.pushNotice)).toMatchObject({
      title: 'New mail in Pigeon',
      options: { data: { url: '/' } },
    });
  });
});

describe('readNotice', () => {
  it('keeps a well-formed notice, clipping long texts', () => {
    expect(readNotice({ ...notice, locale: 'ko', subject: 'x'.repeat(500) })).toEqual({
      ...notice,
      locale: 'ko',
      subject: 'x'.repeat(200),
    });
  });

  it('refuses anything else', () => {
    for (const bad of [null, 'text', 7, { ...notice, kind: 'other' }, { ...notice, uid: 0 }, { ...notice, uid: '4' }])
      expect(readNotice(bad)).toBeNull();
  });
});

describe('notice urls', () => {
  it('encodes the folder and accepts only the mail route (or the app)', () => {
    expect(noticeUrl({ path: '학교 공지', uid: 3 })).toBe('/mail/%ED%95%99%EA%B5%90%20%EA%B3%B5%EC%A7%80/3');
    expect(isNoticeUrl(noticeUrl({ path: '학교 공지', uid: 3 }))).toBe(true);
    expect(isNoticeUrl('/')).toBe(true);
    for (const bad of ['https://evil.example/mail/INBOX/1', '//evil.example/x', '/mail/INBOX/1?x', 5, '/settings'])
      expect(isNoticeUrl(bad)).toBe(false);
  });
});
