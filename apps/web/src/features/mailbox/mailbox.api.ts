import { accountRoutes } from '../../api/account';
import type { MailboxList } from '@pigeon/shared';
import { request } from '../../api/http';

export interface MailboxApi {
  listMailboxes(): Promise<MailboxList>;
}

export const mailboxApi: MailboxApi = {
  listMailboxes: () => request<MailboxList>(accountRoutes.mailboxes()),
};
