import { AppError, isAppError } from '../core/app-error.ts';

interface ImapFlowErrorLike {
  code?: string;
  mailboxMissing?: boolean;
  serverResponseCode?: string;
  responseText?: string;
}

const CONNECTION_CODES = new Set([
  'NoConnection',
  'EConnectionClosed',
  'StateLogout',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'ETIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
]);

/** True when the command failed because the connection is gone (a retry on a fresh connection may succeed). */
export function isConnectionError(err: unknown): boolean {
  const code = (err as ImapFlowErrorLike | null)?.code;
  return typeof code === 'string' && CONNECTION_CODES.has(code);
}

/** True when the server said the mailbox does not exist (SELECT/STATUS NO [NONEXISTENT], MOVE NO [TRYCREATE]). */
export function isMailboxMissing(err: unknown): boolean {
  const e = err as ImapFlowErrorLike | null;
  if (!e) return false;
  if (e.mailboxMissing || e.code === 'NotFound') return true;
  return /^(NONEXISTENT|TRYCREATE)$/i.test(e.serverResponseCode ?? '');
}

export const mailboxNotFound = (path: string) =>
  new AppError(404, 'mailbox.not_found', `The folder "${path}" does not exist.`);
export const mailServerUnreachable = () =>
  new AppError(502, 'mail.server_unreachable', 'The connection to the mail server was lost. Try again.');
export const mailOperationFailed = () =>
  new AppError(502, 'mail.operation_failed', 'The mail server could not complete the request.');

/** Maps anything an IMAP operation threw to an AppError with a stable code and no server internals. */
export function toMailError(err: unknown, path?: string): AppError {
  if (isAppError(err)) return err;
  if (path !== undefined && isMailboxMissing(err)) return mailboxNotFound(path);
  if (isConnectionError(err)) return mailServerUnreachable();
  return mailOperationFailed();
}

/** RFC 5530 codes of a LOGIN refusal that says nothing about the password: a subsystem down, a server bug, a busy mailbox. */
const TEMPORARY_REFUSALS = new Set(['UNAVAILABLE', 'SERVERBUG', 'INUSE', 'LIMIT']);

/** Did the server refuse these credentials (not merely fail to check them now, as Dovecot does while restarting)? */
export function isCredentialRefusal(err: unknown): boolean {
  const e = err as { authenticationFailed?: boolean; serverResponseCode?: string } | null;
  return e?.authenticationFailed === true && !TEMPORARY_REFUSALS.has((e.serverResponseCode ?? '').toUpperCase());
}
