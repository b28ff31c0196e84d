import type { ErrorCode } from '@pigeon/shared';
import { backoffDelay } from '../../imap/backoff.ts';

/** What went wrong with one SMTP attempt, and whether trying again can help. */
export interface SendFailure {
  transient: boolean;
  code: ErrorCode;
  /** the server's own words when it gave any (shown to the user), else a plain description */
  message: string;
}

interface SmtpErrorLike {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
  rejected?: unknown[];
}

// nodemailer / Node codes for "the server could not be reached or the connection broke"
const NETWORK = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETLS',
  'EPROTOCOL',
]);

/**
 * Classifies a failed SMTP attempt: 4xx and network failures are transient (retry with backoff); 5xx is
 * permanent (a refused recipient is compose.recipient_rejected, a refused login compose.auth_failed).
 */
export function classifySendError(err: unknown): SendFailure {
  const e = (err ?? {}) as SmtpErrorLike;
  const said = (e.response ?? '').trim() || (e.message ?? '').trim() || 'unknown error';
  const status = typeof e.responseCode === 'number' ? e.responseCode : 0;
  if (e.code === 'EAUTH' && status >= 500) return { transient: false, code: 'compose.auth_failed', message: said };
  if (status >= 500 && status < 600) {
    const recipient = e.code === 'EENVELOPE' && /^RCPT/i.test(e.command ?? 'RCPT');
    return {
      transient: false,
      code: recipient ? 'compose.recipient_rejected' : 'compose.send_rejected',
      message: said,
    };
  }
  if (e.code === 'EMESSAGE' && /larger than allowed/i.test(said))
    return { transient: false, code: 'compose.too_large', message: said };
  if (status >= 400 && status < 500) return { transient: true, code: 'mail.server_unreachable', message: said };
  if (e.code && NETWORK.has(e.code)) return { transient: true, code: 'mail.server_unreachable', message: said };
  // anything unexpected is retried too, but only until MAX_ATTEMPTS: a restart at any point must lose nothing
  return { transient: true, code: 'mail.operation_failed', message: said };
}

/** After this many attempts a transient failure is reported as final (about a day with the default backoff). */
export const MAX_ATTEMPTS = 70;

/** Delay before attempt `attempt + 1`: 2 s doubling to a 30 min cap, jittered. Pure: `random` is injected. */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  return backoffDelay(attempt, { baseMs: 2_000, maxMs: 30 * 60_000, random });
}
