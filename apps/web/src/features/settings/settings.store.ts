import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Identity, IdentityInput } from '@pigeon/shared';
import { useComposeStore } from '../compose/compose.store';
import { settingsApi, type SettingsApi } from './settings.api';

export function settingsStoreSetup(api: SettingsApi = settingsApi) {
  const identities = ref<Identity[]>([]);
  const loaded = ref(false);

  // the composer keeps its own copy for the From menu: give it the new list
  const publish = () => (useComposeStore().identities = identities.value);

  async function load(): Promise<void> {
    identities.value = (await api.identities()).identities;
    loaded.value = true;
    publish();
  }

  async function save(id: string | null, input: IdentityInput): Promise<Identity> {
    const saved = id ? await api.update(id, input) : await api.create(input);
    await load();
    return saved;
  }

  async function remove(id: string): Promise<void> {
    await api.remove(id);
    await load();
  }

  return { identities, loaded, load, save, remove };
}

export const useSettingsStore = defineStore('settings', () => settingsStoreSetup());
