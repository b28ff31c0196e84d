// socket.io events, written once for the server and the web app. Payloads carry what the stores need to patch
// themselves (new rows, flags, removed ids, counts) within a size bound; past it, ids and a `changes` call.
import type { Mailbox } from './mailbox.schemas.ts';
import type { MessageFlags, MessageSummary } from './message.schemas.ts';

/** Where the socket.io server listens (same HTTP server and origin as the API; WebSocket transport only). */
export const REALTIME_PATH = '/socket.io';

/**
 * State of an account's live watcher on the server: `live` (pushing), `connecting`/`reconnecting` (mail server
 * not reached yet or lost, retrying with backoff), `reauth` (the password stopped working: ask for it again).
 */
export type AccountState = 'connecting' | 'live' | 'reconnecting' | 'reauth';

/** Every event names the mail account it is about (decision 018); a device shows or ignores it by that id. */
export interface AccountEvent {
  accountId: string;
}

export interface MessageAddedEvent extends AccountEvent {
  path: string;
  /** new UIDs, ascending */
  uids: number[];
  /**
   * the new rows, built once on the server for every device (same order as `uids`); absent past the push bound
   * (decision 024): then fetch them with GET .../changes
   */
  rows?: MessageSummary[];
}

export interface MessageRemovedEvent extends AccountEvent {
  path: string;
  uids: number[];
}

export interface MessageFlagsChangedEvent extends AccountEvent {
  path: string;
  changes: { uid: number; flags: MessageFlags }[];
}

export interface MailboxCountsChangedEvent extends AccountEvent {
  path: string;
  total: number;
  unread: number;
}

/**
 * A folder was created, renamed/moved, deleted or (un)subscribed. `mailboxes` is the new list when it has at most
 * LIST_CHANGED_MAX_MAILBOXES folders (else, and for `unknown`, refetch it); `path`/`newPath` let a device showing
 * that folder (or one inside it) follow it.
 */
export interface MailboxListChangedEvent extends AccountEvent {
  reason: 'created' | 'deleted' | 'renamed' | 'subscribed' | 'unknown';
  path?: string;
  newPath?: string;
  mailboxes?: Mailbox[];
}

export interface AccountStateChangedEvent extends AccountEvent {
  state: AccountState;
}

/**
 * A POP3 account's check: `checking` as it starts; `preview` lists new messages from their headers first, `download`
 * their bodies (done of total); `done` when it ended, whether or not it succeeded.
 */
export interface Pop3CheckProgressedEvent extends AccountEvent {
  phase: 'checking' | 'preview' | 'download' | 'done';
  total: number;
  done: number;
}

/**
 * The user's set of accounts changed on some device (decision 034): refetch GET /api/accounts; a device holding fewer
 * accounts than the user has reconnects its socket, so the new account's events reach it.
 */
export interface AccountsChangedEvent extends AccountEvent {
  change: 'added' | 'removed';
}

export interface ServerToClientEvents {
  'message.added': (event: MessageAddedEvent) => void;
  'message.removed': (event: MessageRemovedEvent) => void;
  'message.flagsChanged': (event: MessageFlagsChangedEvent) => void;
  'mailbox.countsChanged': (event: MailboxCountsChangedEvent) => void;
  'mailbox.listChanged': (event: MailboxListChangedEvent) => void;
  'account.stateChanged': (event: AccountStateChangedEvent) => void;
  'pop3.checkProgressed': (event: Pop3CheckProgressedEvent) => void;
  'accounts.changed': (event: AccountsChangedEvent) => void;
}

export interface ClientToServerEvents {
  /**
   * the folder this device shows (null: none) in one of its accounts (absent: the primary); INBOX is always live.
   * An account the device's session does not hold is ignored.
   */
  'mailbox.watch': (path: string | null, accountId?: string) => void;
}
