import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { PushLocale, PushState } from '@pigeon/shared';
import { pushApi, type PushApi } from './push.api';
import { browserPushDevice, type PushDevice } from './push-device';

/** Why this device cannot turn notifications on right now (each has its own text). */
export type PushProblem = 'unsupported' | 'unavailable' | 'denied' | 'dismissed';

/**
 * Web push for this device (decision 027): the server's state for this session, and the browser's permission and
 * subscription. Permission is asked only from `enable`, which runs on the user's click.
 */
export function pushStoreSetup(api: PushApi = pushApi, device: PushDevice = browserPushDevice) {
  const state = ref<PushState | null>(null);
  const problem = ref<PushProblem | null>(null);
  const busy = ref(false);
  const enabled = computed(() => !!state.value?.subscribed);
  const showContent = computed(() => !!state.value?.showContent);

  async function load(): Promise<void> {
    problem.value = null;
    if (!device.supported()) return void (problem.value = 'unsupported');
    state.value = await api.state();
    if (!state.value.available) problem.value = 'unavailable';
    else if (device.permission() === 'denied') problem.value = 'denied';
  }

  async function run<T>(work: () => Promise<T>): Promise<T> {
    busy.value = true;
    try {
      return await work();
    } finally {
      busy.value = false;
    }
  }

  async function register(choice: boolean, locale: PushLocale): Promise<void> {
    const key = state.value?.publicKey;
    if (!key) return void (problem.value = 'unavailable');
    const subscription = await device.subscribe(key);
    const { endpoint, keys } = subscription;
    if (!endpoint || !keys?.p256dh || !keys.auth) throw new Error('push subscription without endpoint or keys');
    state.value = await api.subscribe({
      endpoint,
      keys: { p256dh: keys.p256dh, auth: keys.auth },
      showContent: choice,
      locale,
    });
  }

  /** Turns notifications on: asks the browser's permission first (only if not given yet). */
  function enable(locale: PushLocale): Promise<void> {
    return run(async () => {
      const permission = device.permission() === 'granted' ? 'granted' : await device.requestPermission();
      if (permission !== 'granted') return void (problem.value = permission === 'denied' ? 'denied' : 'dismissed');
      problem.value = null;
      await register(showContent.value, locale);
    });
  }

  /** Turns them off: the server forgets this device's subscription, then the browser drops it. */
  function disable(): Promise<void> {
    return run(async () => {
      state.value = await api.unsubscribe();
      await device.unsubscribe();
    });
  }

  /** Whether this device's notifications name sender and subject (sent again with the subscription). */
  function setShowContent(on: boolean, locale: PushLocale): Promise<void> {
    return run(() => register(on, locale));
  }

  function reset(): void {
    state.value = null;
    problem.value = null;
  }

  return { state, problem, busy, enabled, showContent, load, enable, disable, setShowContent, reset };
}

export const usePushStore = defineStore('push', () => pushStoreSetup());
