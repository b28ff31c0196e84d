import { apiRoutes } from '@pigeon/shared';
import type { FolderSizes, LargestMessages, LargestQuery, QuotaAnswer } from '@pigeon/shared';
import { request } from '../../api/http';

export interface CapacityApi {
  quota(): Promise<QuotaAnswer>;
  folderSizes(): Promise<FolderSizes>;
  largest(query: LargestQuery): Promise<LargestMessages>;
}

export const capacityApi: CapacityApi = {
  quota: () => request<QuotaAnswer>(apiRoutes.quota),
  folderSizes: () => request<FolderSizes>(apiRoutes.folderSizes),
  largest: (query) => request<LargestMessages>(apiRoutes.largest(query)),
};
