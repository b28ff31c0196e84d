import type { PushNotice } from '@pigeon/shared';

/** The texts a notification is made of, in one language (the `pushNotice` section of en.json / ko.json). */
export interface NoticeTexts {
  title: string;
  one: string;
  many: string;
  noSubject: string;
}

const ICON = '/icons/pigeon-192.png';

export interface NoticeDisplay {
  title: string;
  options: { body: string; tag: string; icon: string; data: { url: string } };
}

/** Where a click on the notice leads: the newest new message, in the app's own mail route. */
export function noticeUrl(notice: Pick<PushNotice, 'path' | 'uid'>): string {
  return `/mail/${encodeURIComponent(notice.path)}/${notice.uid}`;
}

/** Only a path of this app's mail route is opened from a notification (the payload comes from a push service). */
export function isNoticeUrl(url: unknown): url is string {
  return typeof url === 'string' && (url === '/' || /^\/mail\/[^/?#]+\/\d+$/.test(url));
}

/**
 * What the service worker shows for a push (decision 027): sender and subject only when the server sent them
 * (the device chose to see them), otherwise a count; one notification per folder, replaced by the next. Pure.
 */
export function noticeDisplay(notice: PushNotice | null, texts: NoticeTexts): NoticeDisplay {
  if (!notice) return { title: texts.title, options: { body: '', tag: 'mail.new', icon: ICON, data: { url: '/' } } };
  const count = Math.max(1, Math.floor(notice.count));
  const counted = count === 1 ? texts.one : texts.many.replace('{count}', String(count));
  const named = notice.from !== undefined || notice.subject !== undefined;
  return {
    title: named ? (notice.from ?? texts.title) : texts.title,
    options: {
      body: named ? notice.subject || texts.noSubject : counted,
      tag: `mail.new:${notice.accountId}:${notice.path}`,
      icon: ICON,
      data: { url: noticeUrl(notice) },
    },
  };
}

/** The notice in a push payload, checked field by field; null for anything else (the worker then shows plain new mail). */
export function readNotice(data: unknown): PushNotice | null {
  if (!data || typeof data !== 'object') return null;
  const n = data as Record<string, unknown>;
  if (n.kind !== 'mail.new' || typeof n.path !== 'string' || typeof n.accountId !== 'string') return null;
  if (!Number.isInteger(n.uid) || (n.uid as number) < 1 || typeof n.count !== 'number') return null;
  const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 200) : undefined);
  const notice: PushNotice = {
    kind: 'mail.new',
    accountId: n.accountId,
    path: n.path,
    uid: n.uid as number,
    count: n.count,
    locale: n.locale === 'ko' ? 'ko' : 'en',
  };
  const from = text(n.from);
  const subject = text(n.subject);
  if (from !== undefined) notice.from = from;
  if (subject !== undefined) notice.subject = subject;
  return notice;
}
