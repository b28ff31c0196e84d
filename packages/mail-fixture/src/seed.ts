// Bulk mail for a user, written by scripts/mail/seed.sh straight into the Maildir (50k in ~10 s).
import { runScript } from './run-script.ts';
import { loginOf, type MailCredentials } from './users.ts';

export interface SeedOptions {
  /** only INBOX; otherwise also Sent, Archive, Drafts, Trash, Junk, Projects/*, Newsletters, 학교 공지 */
  inboxOnly?: boolean;
  /** delete the user's whole store first (their sessions are kicked) */
  reset?: boolean;
  /** fill Dovecot's cache so the first FETCH/SEARCH/SORT is as fast as later ones */
  precache?: boolean;
}

/** Adds `n` realistic messages to the user's INBOX (and other folders unless inboxOnly). */
export async function seedMailbox(user: string | MailCredentials, n: number, opts: SeedOptions = {}): Promise<void> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`seedMailbox: n must be a whole number, got ${n}`);
  const args = [typeof user === 'string' ? user : loginOf(user), String(n)];
  if (opts.inboxOnly) args.push('--inbox-only');
  if (opts.reset) args.push('--reset');
  if (opts.precache) args.push('--precache');
  await runScript('seed.sh', args, 1_800_000);
}
