import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AutoconfigResult, MailProvider } from '@pigeon/shared';
import { autoconfigApi, type AutoconfigApi } from './autoconfig.api';

/** A message of the sign-in page as an i18n key and its parameters. */
export interface StatusText {
  key: string;
  params?: Record<string, string>;
}

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What discovery found for the address on the sign-in page (GET /api/autoconfig), one address at a time. */
export function autoconfigStoreSetup(api: AutoconfigApi = autoconfigApi) {
  /** the address looked up last (trimmed, lower-case) */
  const address = ref('');
  const result = ref<AutoconfigResult | null>(null);
  const pending = ref(false);
  let inFlight: Promise<AutoconfigResult | null> | null = null;
  let controller: AbortController | null = null;

  /** Looks the address up once; a newer address cancels an older question. Never throws (null = no answer). */
  function lookup(email: string): Promise<AutoconfigResult | null> {
    const wanted = email.trim().toLowerCase();
    if (!ADDRESS.test(wanted)) return Promise.resolve(null);
    if (wanted === address.value && (result.value || inFlight)) return inFlight ?? Promise.resolve(result.value);
    controller?.abort();
    const own = new AbortController();
    controller = own;
    address.value = wanted;
    result.value = null;
    pending.value = true;
    const run = api
      .lookup(wanted, own.signal)
      .then((found) => {
        if (controller === own) result.value = found;
        return found;
      })
      .catch(() => null)
      .finally(() => {
        if (controller !== own) return;
        pending.value = false;
        inFlight = null;
      });
    inFlight = run;
    return run;
  }

  /** The answer for this address, or null while none is known. */
  function resultFor(email: string): AutoconfigResult | null {
    return email.trim().toLowerCase() === address.value ? result.value : null;
  }

  /** "Signing in to <host>…" (the typed server wins), or "Looking for your mail server…" while none is known. */
  function statusText(email: string, manualHost: string | null = null): StatusText {
    const host = manualHost?.trim() || resultFor(email)?.incoming?.host;
    return host ? { key: 'signIn.status.signingInTo', params: { host } } : { key: 'signIn.status.looking' };
  }

  /** Google Workspace / Microsoft 365 recognised for this address: its account password will not work. */
  function passwordRefusedBy(email: string): MailProvider | 'other' | null {
    const r = resultFor(email);
    return r && !r.passwordWorks ? (r.provider ?? 'other') : null;
  }

  /** nothing was found for this address and no provider recognised: the page opens "Advanced settings" */
  function nothingFound(email: string): boolean {
    const r = resultFor(email);
    return !!r && !r.found && r.passwordWorks;
  }

  function reset(): void {
    controller?.abort();
    controller = null;
    inFlight = null;
    address.value = '';
    result.value = null;
    pending.value = false;
  }

  return { address, result, pending, lookup, resultFor, statusText, passwordRefusedBy, nothingFound, reset };
}

export const useAutoconfigStore = defineStore('autoconfig', () => autoconfigStoreSetup());
