import { apiRoutes, type DeviceList, type SignedOutDevices } from '@pigeon/shared';
import { request } from '../../api/http';

export const devicesApi = {
  list: () => request<DeviceList>(apiRoutes.devices),
  signOut: (id: string) => request<void>(apiRoutes.device(id), { method: 'DELETE' }),
  signOutOthers: () => request<SignedOutDevices>(apiRoutes.devicesSignOutOthers, { method: 'POST' }),
};
export type DevicesApi = typeof devicesApi;
