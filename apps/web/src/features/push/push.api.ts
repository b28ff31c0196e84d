import { apiRoutes, type PushState, type PushSubscribe } from '@pigeon/shared';
import { request } from '../../api/http';

export const pushApi = {
  state: () => request<PushState>(apiRoutes.push),
  subscribe: (body: PushSubscribe) => request<PushState>(apiRoutes.pushSubscription, { method: 'PUT', body }),
  unsubscribe: () => request<PushState>(apiRoutes.pushSubscription, { method: 'DELETE' }),
};
export type PushApi = typeof pushApi;
