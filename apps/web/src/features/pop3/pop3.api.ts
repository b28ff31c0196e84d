import { apiRoutes, type Pop3Options, type Pop3OptionsPatch, type Pop3Status } from '@pigeon/shared';
import { request } from '../../api/http';
import { currentAccount } from '../../api/account';

/** A POP3 account's options, status and "check now" (the account the app shows). */
export const pop3Api = {
  status: () => request<Pop3Status>(apiRoutes.pop3(currentAccount())),
  update: (patch: Pop3OptionsPatch) =>
    request<Pop3Options>(apiRoutes.pop3(currentAccount()), { method: 'PATCH', body: patch }),
  checkNow: () => request<unknown>(apiRoutes.pop3Check(currentAccount()), { method: 'POST' }),
};
export type Pop3Api = typeof pop3Api;
