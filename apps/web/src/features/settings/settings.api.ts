import { apiRoutes } from '@pigeon/shared';
import type { Identity, IdentityInput, IdentityList, Preferences, PreferencesPatch } from '@pigeon/shared';
import { request } from '../../api/http';

export const settingsApi = {
  identities: () => request<IdentityList>(apiRoutes.identities),
  create: (input: IdentityInput) => request<Identity>(apiRoutes.identities, { method: 'POST', body: input }),
  update: (id: string, input: IdentityInput) =>
    request<Identity>(apiRoutes.identity(id), { method: 'PUT', body: input }),
  remove: (id: string) => request<void>(apiRoutes.identity(id), { method: 'DELETE' }),
};
export type SettingsApi = typeof settingsApi;

/** The user's preferences (kept apart from identities: the mail page needs them, not the identities page's code). */
export const preferencesApi = {
  get: () => request<Preferences>(apiRoutes.preferences),
  update: (patch: PreferencesPatch) => request<Preferences>(apiRoutes.preferences, { method: 'PATCH', body: patch }),
};
export type PreferencesApi = typeof preferencesApi;
