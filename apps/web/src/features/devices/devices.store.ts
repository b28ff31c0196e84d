import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Device } from '@pigeon/shared';
import { devicesApi, type DevicesApi } from './devices.api';

/** The signed-in devices (sessions) of the user; signing one out refreshes the list from the server. */
export function devicesStoreSetup(api: DevicesApi = devicesApi) {
  const devices = ref<Device[]>([]);
  const loaded = ref(false);
  const busy = ref<string | null>(null);
  const others = computed(() => devices.value.filter((d) => !d.current));

  async function load(): Promise<void> {
    devices.value = (await api.list()).devices;
    loaded.value = true;
  }

  /** Signs a device out; true when it was this one (the caller then leaves for the sign-in page). */
  async function signOut(device: Device): Promise<boolean> {
    busy.value = device.id;
    try {
      await api.signOut(device.id);
    } finally {
      busy.value = null;
    }
    if (device.current) return true;
    devices.value = devices.value.filter((d) => d.id !== device.id);
    await load().catch(() => {});
    return false;
  }

  /** Signs every other device out; returns how many. */
  async function signOutOthers(): Promise<number> {
    busy.value = 'others';
    try {
      const { signedOut } = await api.signOutOthers();
      devices.value = devices.value.filter((d) => d.current);
      await load().catch(() => {});
      return signedOut;
    } finally {
      busy.value = null;
    }
  }

  function reset(): void {
    devices.value = [];
    loaded.value = false;
  }

  return { devices, others, loaded, busy, load, signOut, signOutOthers, reset };
}

export const useDevicesStore = defineStore('devices', () => devicesStoreSetup());
