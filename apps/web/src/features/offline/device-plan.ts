import type { MessageActionBody, MessagePage, MessageSummary } from '@pigeon/shared';

// Pure rules of the device's mail copy (decision 031): what to keep, what a page of it shows, and what an
// action made offline does to it.

/** Newest messages kept per folder (Inbox, and each folder opened in the last week). */
export const DEVICE_FOLDER_MESSAGES = 200;
/**
 * Rows per read of a folder's newest messages: fewer than a list page, so a page the user asks for waits behind at
 * most one read that costs less than itself (the account's IMAP commands run one at a time).
 */
export const DEVICE_PAGE_ROWS = 40;
/** Folders opened within this window are kept besides Inbox. */
export const RECENT_FOLDER_MS = 7 * 24 * 3600 * 1000;
/** Attachments up to this size are kept with their message. */
export const SMALL_ATTACHMENT_BYTES = 256 * 1024;

/** The folders to keep: Inbox first, then the others opened within the window, most recent first. */
export function foldersToKeep(opened: Record<string, number>, existing: ReadonlySet<string>, now: number): string[] {
  const recent = Object.entries(opened)
    .filter(([path, at]) => path !== 'INBOX' && existing.has(path) && now - at <= RECENT_FOLDER_MS)
    .sort((a, b) => b[1] - a[1])
    .map(([path]) => path);
  return ['INBOX', ...recent];
}

/**
 * What one folder's copy needs: messages to fetch (newest first) and stored ones to drop (no longer among the
 * newest, or the folder's UIDs were renumbered).
 */
export function planFolder(
  newest: readonly MessageSummary[],
  stored: readonly number[],
  sameUidValidity: boolean,
): { fetch: number[]; drop: number[] } {
  const wanted = new Set(newest.map((m) => m.uid));
  const have = new Set(sameUidValidity ? stored : []);
  return {
    fetch: newest.map((m) => m.uid).filter((uid) => !have.has(uid)),
    drop: sameUidValidity ? stored.filter((uid) => !wanted.has(uid)) : [...stored],
  };
}

/**
 * The newest messages read page by page (newest first, each page's `before` the last one's `nextBefore`) as one
 * page; null when the folder's UIDs were renumbered between two of them (the next round reads it again).
 */
export function joinPages(pages: readonly MessagePage[]): MessagePage | null {
  const [first, ...rest] = pages;
  if (!first || rest.some((p) => p.uidValidity !== first.uidValidity)) return null;
  const last = pages.at(-1)!;
  return { ...first, messages: pages.flatMap((p) => p.messages), nextBefore: last.nextBefore };
}

/** One page of the stored copy, like the server's: newest first, after `before`, `size` rows. */
export function pageOfCopy(copy: MessagePage, before: number | undefined, size: number): MessagePage {
  const rows = copy.messages.filter((m) => before === undefined || m.uid < before);
  const messages = rows.slice(0, size);
  const more = rows.length > size;
  return { ...copy, messages, nextBefore: more ? (messages.at(-1)?.uid ?? null) : null };
}

/** The stored folder page after an action made offline: flags change, moved or deleted rows leave. */
export function applyToCopy(copy: MessagePage, body: MessageActionBody): MessagePage {
  const uids = new Set(body.uids);
  const hit = copy.messages.filter((m) => uids.has(m.uid));
  const unreadHit = hit.filter((m) => !m.flags.seen).length;
  const flag = flagPatch(body.action);
  if (flag) {
    const messages = copy.messages.map((m) => (uids.has(m.uid) ? { ...m, flags: { ...m.flags, ...flag } } : m));
    const unreadDelta = flag.seen === true ? -unreadHit : flag.seen === false ? hit.length - unreadHit : 0;
    return { ...copy, messages, unread: Math.max(0, copy.unread + unreadDelta) };
  }
  return {
    ...copy,
    messages: copy.messages.filter((m) => !uids.has(m.uid)),
    total: Math.max(0, copy.total - hit.length),
    unread: Math.max(0, copy.unread - unreadHit),
  };
}

/** The flags an action sets, or null when it takes the messages out of the folder. */
export function flagPatch(action: MessageActionBody['action']): Partial<MessageSummary['flags']> | null {
  if (action === 'markRead') return { seen: true };
  if (action === 'markUnread') return { seen: false };
  if (action === 'star') return { flagged: true };
  if (action === 'unstar') return { flagged: false };
  return null;
}

/**
 * The reader frame's document from the device: the server's own CSP as a `<meta>` at the very start, so the
 * document is under the same policy offline (the frame's sandbox attribute and the app's CSP still apply too).
 * `frame-ancestors` and `sandbox` cannot be given by a meta tag: the app's `frame-src` and the attribute hold.
 */
export function offlineDocument(html: string, csp: string): string {
  const policy = csp
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !/^(sandbox|frame-ancestors|report-uri|report-to)\b/.test(d))
    .join('; ');
  const attr = policy.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><meta http-equiv="Content-Security-Policy" content="${attr}">${html}`;
}
