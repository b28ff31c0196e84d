import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { FirstRows, SessionInfo, SignInServers } from '@pigeon/shared';
import { setCurrentAccount } from '../../api/account';
import { authApi, type AuthApi } from './auth.api';
import { offline, rememberSession, rememberedSession, setSharedComputer, wipeDevice } from '../offline/offline';
import { dropPushSubscription } from '../pwa/pwa';

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
        if (value) rememberSession(value);
        offline.value = false;
        return value;
      })
      .catch((error: unknown) => {
        // no network: the user this device remembers reads what it kept (decision 031); asked again next time
        if ((error as { code?: string }).code !== 'network.offline') return null;
        offline.value = true;
        const remembered = rememberedSession();
        session.value = remembered;
        setCurrentAccount(remembered?.accountId ?? null);
        return remembered;
      })
      .finally(() => (pending = null));
    return pending;
  }

  /**
   * `servers`: the page's "Advanced settings", when the user opened them; `shared`: a shared computer keeps no
   * mail on the device (and whatever was there goes); `firstPage`: the folder shown next, whose first rows (and every
   * folder) the answer then carries as `first` (decision 036).
   */
  async function signIn(
    email: string,
    password: string,
    servers?: SignInServers,
    shared = false,
    firstPage?: string,
  ): Promise<SessionInfo & { first?: FirstRows }> {
    const { first, ...value } = await api.signIn({
      email: email.trim(),
      password,
      ...(servers ? { servers } : {}),
      ...(firstPage ? { firstPage } : {}),
    });
    const before = rememberedSession();
    // another user's copy never stays beside this one's
    if (shared || (before && before.email !== value.email)) await wipeDevice();
    await setSharedComputer(shared);
    rememberSession(value);
    session.value = value;
    setCurrentAccount(value.accountId);
    checked.value = true;
    storage()?.setItem(LAST_EMAIL_KEY, value.email || email.trim());
    return first ? { ...value, first } : value;
  }

  async function signOut(): Promise<void> {
    try {
      await api.signOut();
    } finally {
      clear();
      await wipeDevice();
    }
  }

  /** Forget the session locally (sign-out, or the server said 401). */
  function clear(): void {
    dropPushSubscription();
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
