import {
  apiRoutes,
  type CreateFolderBody,
  type FolderBulkResult,
  type FolderChange,
  type UpdateFolderBody,
} from '@pigeon/shared';
import { request } from '../../api/http';

export const foldersApi = {
  create: (body: CreateFolderBody) => request<FolderChange>(apiRoutes.mailboxes, { method: 'POST', body }),
  update: (path: string, body: UpdateFolderBody) =>
    request<FolderChange>(apiRoutes.mailbox(path), { method: 'PATCH', body }),
  remove: (path: string) => request<FolderChange>(apiRoutes.mailbox(path), { method: 'DELETE' }),
  subscribe: (path: string, subscribed: boolean) =>
    request<FolderChange>(apiRoutes.mailboxSubscription(path), { method: 'PUT', body: { subscribed } }),
  empty: (path: string) => request<FolderBulkResult>(apiRoutes.mailboxEmpty(path), { method: 'POST' }),
  markAllRead: (path: string) => request<FolderBulkResult>(apiRoutes.mailboxMarkAllRead(path), { method: 'POST' }),
};
export type FoldersApi = typeof foldersApi;
