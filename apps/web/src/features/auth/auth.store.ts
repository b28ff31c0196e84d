import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SessionInfo, SignInServers } from '@pigeon/shared';
import { setCurrentAccount } from '../../api/account';
import { authApi, type AuthApi } from './auth.api';

const LAST_EMAIL_KEY = 'pigeon.lastEmail';

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function authStoreSetup(api: AuthApi = authApi) {
  const session = ref<SessionInfo | null>(null);
  /** true once the server has told us whether a session exists */
  const checked = ref(false);
  let pending: Promise<SessionInfo | null> | null = null;

  /** Asks the server once per page load; later calls reuse the answer. */
  function ensureSession(): Promise<SessionInfo | null> {
    if (checked.value) return Promise.resolve(session.value);
    pending ??= api
      .getSession()
      .then((value) => {
        session.value = value;
        setCurrentAccount(value?.accountId ?? null);
        checked.value = true;
        return value;
      })
      .catch(() => null)
      .finally(() => (pending = null));
    return pending;
  }

  /** `servers`: the page's "Advanced settings", when the user opened them */
  async function signIn(email: string, password: string, servers?: SignInServers): Promise<SessionInfo> {
    const value = await api.signIn({ email: email.trim(), password, ...(servers ? { servers } : {}) });
    session.value = value;
    setCurrentAccount(value.accountId);
    checked.value = true;
    storage()?.setItem(LAST_EMAIL_KEY, value.email || email.trim());
    return value;
  }

  async function signOut(): Promise<void> {
    try {
      await api.signOut();
    } finally {
      clear();
    }
  }

  /** Forget the session locally (sign-out, or the server said 401). */
  function clear(): void {
    session.value = null;
    setCurrentAccount(null);
    checked.value = true;
  }

  function lastEmail(): string {
    return storage()?.getItem(LAST_EMAIL_KEY) ?? '';
  }

  return { session, checked, ensureSession, signIn, signOut, clear, lastEmail };
}

export const useAuthStore = defineStore('auth', () => authStoreSetup());
