import { AppError } from './app-error.ts';
import type { AuthedSession, MailAccount } from './auth.types.ts';

/** The route parameter naming the account a route acts on (`/api/accounts/:accountId/...`, decision 018). */
export const ACCOUNT_PARAM = 'accountId';

// the same answer for an id that does not exist and one of another user: ids are not probeable
export const accountNotFound = () =>
  new AppError(404, 'account.not_found', 'This mail account does not exist or is not yours.');

/** The account `accountId` among those a session holds, or 404 account.not_found (another user's id is unknown too). */
export function accountIn(accounts: readonly MailAccount[], accountId: string): MailAccount {
  const account = accounts.find((a) => a.id === accountId);
  if (!account) throw accountNotFound();
  return account;
}

/** The session acting on `accountId` (its `account` is that one): 404 account.not_found unless the session holds it. */
export function onAccount(auth: AuthedSession, accountId: string): AuthedSession {
  return { ...auth, account: accountIn(auth.accounts, accountId) };
}

/** Whether a route pattern acts on one account (has the `:accountId` parameter). Pure. */
export const isAccountRoute = (url: string): boolean => url.split('/').includes(`:${ACCOUNT_PARAM}`);
