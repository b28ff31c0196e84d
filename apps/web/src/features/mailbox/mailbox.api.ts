import { accountRoutes, currentAccount } from '../../api/account';
import { orFromDevice } from '../offline/offline';
import type { MailboxList } from '@pigeon/shared';
import { request } from '../../api/http';

export interface MailboxApi {
  listMailboxes(): Promise<MailboxList>;
}

export const mailboxApi: MailboxApi = {
  // offline: the folder list the device kept
  listMailboxes: () =>
    orFromDevice(
      () => request<MailboxList>(accountRoutes.mailboxes()),
      (device) => device.mailboxes(currentAccount()),
    ),
};
