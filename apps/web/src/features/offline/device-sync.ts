import { apiRoutes, IDEMPOTENCY_KEY_HEADER } from '@pigeon/shared';
import type {
  MailboxList,
  MessageActionResult,
  MessageDetail,
  MessagePage,
  OutboxItem,
  SavedDraft,
} from '@pigeon/shared';
import { ApiError, request } from '../../api/http';
import type { DeviceMail, QueuedSend } from './device-mail';
import {
  DEVICE_FOLDER_MESSAGES,
  DEVICE_PAGE_ROWS,
  SMALL_ATTACHMENT_BYTES,
  foldersToKeep,
  joinPages,
  planFolder,
} from './device-plan';

/**
 * A folder's newest messages, read a few rows at a time with a pause for the user between two reads: the account
 * has one IMAP command connection, so one 200-row read held a page the user scrolled to for as long as it took.
 */
async function newest(accountId: string, path: string, pause: () => Promise<void>): Promise<MessagePage | null> {
  const pages: MessagePage[] = [];
  let before: number | undefined;
  for (let rows = 0; rows < DEVICE_FOLDER_MESSAGES;) {
    if (pages.length > 0) await pause();
    const limit = Math.min(DEVICE_PAGE_ROWS, DEVICE_FOLDER_MESSAGES - rows);
    const page = await request<MessagePage>(apiRoutes.messages(accountId, path), {
      query: { before, limit },
      background: true,
    });
    pages.push(page);
    rows += page.messages.length;
    if (page.nextBefore === null || page.messages.length === 0) break;
    before = page.nextBefore;
  }
  return joinPages(pages);
}

/** The frame's document as the server sends it, with its CSP (kept beside it, applied again offline). */
async function bodyOf(url: string): Promise<{ html: string; csp: string } | null> {
  const res = await fetch(url, { credentials: 'same-origin' });
  const csp = res.headers.get('content-security-policy');
  if (!res.ok || !csp) return null;
  return { html: await res.text(), csp };
}

/**
 * Brings the device's copy up to date: the folder list, then Inbox and the folders opened in the last week,
 * newest first, each message with its detail, body and small attachments, until `limitBytes` is reached. What
 * is already on the device is not fetched again; what left the newest 200 is dropped. `stop()` true ends it.
 */
export async function syncDevice(opts: {
  device: DeviceMail;
  accountId: string;
  opened: Record<string, number>;
  limitBytes: number;
  stop: () => boolean;
  /** resolves when the page is idle and no request the user waits for is in flight: the copy yields to the user
   * between two of its requests */
  idle: () => Promise<void>;
}): Promise<void> {
  const { device, accountId } = opts;
  const list = await request<MailboxList>(apiRoutes.mailboxes(accountId), { background: true });
  await device.saveMailboxes(accountId, list);
  const existing = new Set(list.mailboxes.map((m) => m.path));
  let used = await device.usage(accountId);
  for (const path of foldersToKeep(opts.opened, existing, Date.now())) {
    await opts.idle();
    if (opts.stop()) return;
    const page = await newest(accountId, path, opts.idle);
    if (!page || opts.stop()) continue;
    const before = await device.folder(accountId, path);
    const plan = planFolder(
      page.messages,
      await device.storedUids(accountId, path),
      before?.page.uidValidity === page.uidValidity,
    );
    await device.dropMessages(accountId, path, plan.drop);
    await device.saveFolder({ accountId, path, page, savedAt: Date.now() });
    for (const uid of plan.fetch) {
      await opts.idle();
      if (opts.stop() || used >= opts.limitBytes) break;
      used += await keepMessage(device, accountId, path, uid, opts.idle).catch((error: unknown) => {
        // a message deleted meanwhile is skipped; no network ends the round
        if (error instanceof ApiError && error.code !== 'network.offline') return 0;
        throw error;
      });
    }
  }
}

/**
 * Keeps one message on the device. Its requests' answers can arrive in the middle of what the user does (j/k): the
 * writes to the device (a structured clone of the detail and the body, ~20 ms) wait for the page to be idle again,
 * and so does each next request (the user's own go first).
 */
async function keepMessage(
  device: DeviceMail,
  accountId: string,
  path: string,
  uid: number,
  idle: () => Promise<void>,
): Promise<number> {
  const detail = await request<MessageDetail>(apiRoutes.message(accountId, path, uid), { background: true });
  if (detail.hasHtml) await idle();
  const body = detail.hasHtml ? await bodyOf(apiRoutes.messageBody(accountId, path, uid)) : null;
  let bytes = 2 * (detail.text.length + (body?.html.length ?? 0)) + 2048;
  for (const a of detail.attachments) {
    if (a.size > SMALL_ATTACHMENT_BYTES) continue;
    await idle();
    const res = await fetch(apiRoutes.attachment(accountId, path, uid, a.id), { credentials: 'same-origin' });
    if (!res.ok) continue;
    const blob = await res.blob();
    await idle();
    await device.saveFile({ accountId, path, uid, id: a.id, blob });
    bytes += blob.size;
  }
  await idle();
  await device.saveMessage({ accountId, path, uid, detail, body: body?.html ?? null, csp: body?.csp ?? null, bytes });
  return bytes;
}

const sendOnce = (accountId: string, item: QueuedSend) =>
  request<OutboxItem>(apiRoutes.outbox(accountId), {
    method: 'POST',
    body: item.draft,
    headers: { [IDEMPOTENCY_KEY_HEADER]: item.key },
  });

/** A message the outbox refused (a recipient it cannot take) goes to Drafts, where the user fixes it. */
const keepAsDraft = (accountId: string, item: QueuedSend) =>
  request<SavedDraft>(apiRoutes.drafts(accountId), { method: 'POST', body: item.draft });

/**
 * Sends what was done offline, oldest first: actions, and messages through the outbox with their idempotency
 * key (queued there once however often this runs). No network: stops, the rest waits. An action the server
 * refuses (the message is gone meanwhile) is dropped and reported; a refused message is saved to Drafts first.
 */
export async function replayQueue(
  device: DeviceMail,
  accountId: string,
): Promise<{ done: number; refused: number; sent: number }> {
  let done = 0;
  let refused = 0;
  let sent = 0;
  for (const item of await device.queued(accountId)) {
    try {
      if (item.kind === 'send') {
        await sendOnce(accountId, item);
        sent++;
      } else {
        const url = apiRoutes.actions(accountId, item.path);
        await request<MessageActionResult>(url, { method: 'POST', body: item.body });
        done++;
      }
    } catch (error) {
      // 4xx is the server's final word on this one; no network, 5xx, 401, 408 and 429 mean "later"
      const later = [401, 408, 429];
      const definite =
        error instanceof ApiError && error.status >= 400 && error.status < 500 && !later.includes(error.status);
      if (!definite) throw error;
      if (item.kind === 'send') await keepAsDraft(accountId, item);
      refused++;
    }
    await device.dequeue(item.seq!);
  }
  return { done, refused, sent };
}
