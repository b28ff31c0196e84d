import { defineStore } from 'pinia';
import { ref } from 'vue';
import { preferencesApi, type PreferencesApi } from './settings.api';

/** Where the last known choice is kept, so the first list of a visit is already the right one (the server decides). */
const LOCAL_KEY = 'pigeon.conversations';

interface LocalStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}
const browserStorage = (): LocalStore | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage refused (privacy mode): the server's answer still applies
  }
};

/** The user's preferences: stored on the server (they follow the user to every device), remembered locally. */
export function preferencesStoreSetup(
  api: PreferencesApi = preferencesApi,
  local: LocalStore | null = browserStorage(),
) {
  const conversations = ref(local?.getItem(LOCAL_KEY) === 'true');
  let loading: Promise<void> | null = null;

  const remember = (on: boolean) => {
    conversations.value = on;
    local?.setItem(LOCAL_KEY, String(on));
  };

  /** Reads the server's preferences once per visit. */
  function load(): Promise<void> {
    loading ??= api.get().then(
      (p) => remember(p.conversations),
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  }

  /** Turns conversations on or off at once; restores the old choice if the server refuses it. */
  async function setConversations(on: boolean): Promise<void> {
    const before = conversations.value;
    remember(on);
    try {
      remember((await api.update({ conversations: on })).conversations);
    } catch (error) {
      remember(before);
      throw error;
    }
  }

  return { conversations, load, setConversations };
}

export const usePreferencesStore = defineStore('preferences', () => preferencesStoreSetup());
