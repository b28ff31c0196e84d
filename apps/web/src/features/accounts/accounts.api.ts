import {
  apiRoutes,
  type AccountCounts,
  type AccountList,
  type AccountSummary,
  type AddAccountBody,
  type UnifiedPage,
} from '@pigeon/shared';
import { request } from '../../api/http';

/** The user's accounts (decision 034): list, Inbox counts, add, remove, and the unified inbox. */
export const accountsApi = {
  list: () => request<AccountList>(apiRoutes.accounts),
  counts: () => request<AccountCounts>(apiRoutes.accountCounts),
  add: (body: AddAccountBody) => request<AccountSummary>(apiRoutes.accounts, { method: 'POST', body }),
  remove: (accountId: string) => request<unknown>(apiRoutes.account(accountId), { method: 'DELETE' }),
  unified: (cursor?: string) => request<UnifiedPage>(apiRoutes.unifiedInbox(cursor ? { cursor } : {})),
};
export type AccountsApi = typeof accountsApi;
