import { accountRoutes } from '../../api/account';
import type { MailboxChanges } from '@pigeon/shared';
import { request } from '../../api/http';

export interface SyncApi {
  /** what changed in `path` since `since` (a list's syncToken); `reset` when the server cannot tell */
  changes(path: string, since: string | null): Promise<MailboxChanges>;
}

export const syncApi: SyncApi = {
  changes: (path, since) => request<MailboxChanges>(accountRoutes.changes(path), { query: { since } }),
};
