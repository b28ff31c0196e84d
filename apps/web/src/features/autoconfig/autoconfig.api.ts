import { apiRoutes } from '@pigeon/shared';
import type { AutoconfigResult } from '@pigeon/shared';
import { request } from '../../api/http';

export interface AutoconfigApi {
  /** what discovery finds for the address, without signing in */
  lookup(email: string, signal?: AbortSignal): Promise<AutoconfigResult>;
}

export const autoconfigApi: AutoconfigApi = {
  lookup: (email, signal) =>
    request<AutoconfigResult>(apiRoutes.autoconfig(email), { allowUnauthorized: true, signal }),
};
