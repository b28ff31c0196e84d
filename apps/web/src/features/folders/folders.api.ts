import type { CreateFolderBody, FolderBulkResult, FolderChange, UpdateFolderBody } from '@pigeon/shared';
import { accountRoutes } from '../../api/account';
import { request } from '../../api/http';

export const foldersApi = {
  create: (body: CreateFolderBody) => request<FolderChange>(accountRoutes.mailboxes(), { method: 'POST', body }),
  update: (path: string, body: UpdateFolderBody) =>
    request<FolderChange>(accountRoutes.mailbox(path), { method: 'PATCH', body }),
  remove: (path: string) => request<FolderChange>(accountRoutes.mailbox(path), { method: 'DELETE' }),
  subscribe: (path: string, subscribed: boolean) =>
    request<FolderChange>(accountRoutes.mailboxSubscription(path), { method: 'PUT', body: { subscribed } }),
  empty: (path: string) => request<FolderBulkResult>(accountRoutes.mailboxEmpty(path), { method: 'POST' }),
  markAllRead: (path: string) => request<FolderBulkResult>(accountRoutes.mailboxMarkAllRead(path), { method: 'POST' }),
};
export type FoldersApi = typeof foldersApi;
