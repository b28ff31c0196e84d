import type { ImapFlow } from 'imapflow';

/** A mailbox's counters from an unsolicited STATUS (NOTIFY); only the items the server sent are set. */
export interface StatusUpdate {
  path: string;
  messages?: number;
  unseen?: number;
  uidNext?: number;
  uidValidity?: string;
  highestModseq?: string;
}

interface Attribute {
  type?: string;
  value?: unknown;
}
type Untagged = { attributes?: (Attribute | Attribute[])[] };

// imapflow has no NOTIFY API: these two members are its documented-internal command runner and untagged routing
interface ImapFlowInternals {
  exec(command: string, attributes: unknown[]): Promise<{ next(): void }>;
  untaggedHandlers: Record<string, ((untagged: Untagged) => Promise<void> | void) | null | undefined>;
}

/** Decodes an IMAP modified UTF-7 mailbox name (RFC 3501 5.1.3), e.g. `&1VmtUA- &rPXJwA-` → `학교 공지`. Pure. */
export function decodeModifiedUtf7(name: string): string {
  return name.replace(/&([^-]*)-/g, (_, b64: string) => {
    if (b64 === '') return '&';
    const bytes = Buffer.from(b64.replace(/,/g, '/'), 'base64');
    let out = '';
    for (let i = 0; i + 1 < bytes.length; i += 2) out += String.fromCharCode(bytes.readUInt16BE(i));
    return out;
  });
}

/** An untagged `STATUS <mailbox> (<item> <value> ...)` → StatusUpdate, or null when malformed. Pure. */
export function parseStatusResponse(untagged: Untagged, utf8Names: boolean): StatusUpdate | null {
  const [name, list] = untagged.attributes ?? [];
  const raw = name && !Array.isArray(name) && typeof name.value === 'string' ? name.value : null;
  if (raw === null || !Array.isArray(list)) return null;
  const update: StatusUpdate = { path: utf8Names ? raw : decodeModifiedUtf7(raw) };
  for (let i = 0; i + 1 < list.length; i += 2) {
    const key = String(list[i]?.value ?? '').toUpperCase();
    const value = String(list[i + 1]?.value ?? '');
    if (!/^\d{1,20}$/.test(value)) continue;
    if (key === 'MESSAGES') update.messages = Number(value);
    else if (key === 'UNSEEN') update.unseen = Number(value);
    else if (key === 'UIDNEXT') update.uidNext = Number(value);
    else if (key === 'UIDVALIDITY') update.uidValidity = value;
    else if (key === 'HIGHESTMODSEQ') update.highestModseq = value;
  }
  return update;
}

const atom = (value: string) => ({ type: 'ATOM', value });
const EVENTS = ['MessageNew', 'MessageExpunge', 'FlagChange'];

/**
 * RFC 5465 NOTIFY on a connection that has INBOX (or any mailbox) selected: the selected mailbox reports through
 * EXISTS/VANISHED/FETCH as usual, every other personal mailbox through unsolicited STATUS → `onStatus`.
 * Resolves false when the server has no NOTIFY or refuses it (the caller then polls).
 */
export async function enableNotify(client: ImapFlow, onStatus: (update: StatusUpdate) => void): Promise<boolean> {
  if (!client.capabilities.has('NOTIFY')) return false;
  const internals = client as unknown as ImapFlowInternals;
  const utf8 = client.enabled.has('UTF8=ACCEPT');
  internals.untaggedHandlers.STATUS = (untagged) => {
    const update = parseStatusResponse(untagged, utf8);
    if (update) onStatus(update);
  };
  try {
    const response = await internals.exec('NOTIFY', [
      atom('SET'),
      [atom('SELECTED'), EVENTS.map(atom)],
      [atom('PERSONAL'), [...EVENTS, 'MailboxName'].map(atom)],
    ]);
    response.next();
    return true;
  } catch {
    internals.untaggedHandlers.STATUS = null;
    return false;
  }
}
