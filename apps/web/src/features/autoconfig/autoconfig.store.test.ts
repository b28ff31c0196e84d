import { describe, expect, it } from 'vitest';
import type { AutoconfigResult } from '@pigeon/shared';
import type { AutoconfigApi } from './autoconfig.api';
import { autoconfigStoreSetup } from './autoconfig.store';

const found = (email: string, host = 'imap.school.example'): AutoconfigResult => ({
  email,
  found: true,
  source: 'srv',
  incoming: { host, port: 993, security: 'tls', username: email },
  outgoing: { host: 'smtp.school.example', port: 465, security: 'tls', username: email },
  passwordWorks: true,
  provider: null,
});
const nothing = (email: string): AutoconfigResult => ({
  email,
  found: false,
  source: null,
  incoming: null,
  outgoing: null,
  passwordWorks: true,
  provider: null,
});

/** An API whose answers the test releases one by one; records every address asked. */
function manualApi() {
  const asked: string[] = [];
  const waiting = new Map<string, { resolve(r: AutoconfigResult): void; reject(e: unknown): void }>();
  const api: AutoconfigApi = {
    lookup: (email) =>
      new Promise((resolve, reject) => {
        asked.push(email);
        waiting.set(email, { resolve, reject });
      }),
  };
  return { api, asked, answer: (email: string, r: AutoconfigResult) => waiting.get(email)!.resolve(r), waiting };
}

describe('autoconfig store: the status line of the sign-in page', () => {
  it('says "Looking…" until the server is known, then "Signing in to <host>…"', async () => {
    const { api, answer } = manualApi();
    const store = autoconfigStoreSetup(api);
    expect(store.statusText('ann@school.example')).toEqual({ key: 'signIn.status.looking' });
    const pending = store.lookup(' Ann@School.example ');
    expect(store.pending.value).toBe(true);
    expect(store.statusText('ann@school.example')).toEqual({ key: 'signIn.status.looking' });
    answer('ann@school.example', found('ann@school.example'));
    await pending;
    expect(store.pending.value).toBe(false);
    expect(store.statusText('ANN@school.example')).toEqual({
      key: 'signIn.status.signingInTo',
      params: { host: 'imap.school.example' },
    });
    // another address typed since: its server is not known yet
    expect(store.statusText('bob@other.example')).toEqual({ key: 'signIn.status.looking' });
  });

  it('names the typed server when "Advanced settings" are used', () => {
    const store = autoconfigStoreSetup(manualApi().api);
    expect(store.statusText('ann@school.example', ' mail.school.example ')).toEqual({
      key: 'signIn.status.signingInTo',
      params: { host: 'mail.school.example' },
    });
  });

  it('says "Looking…" when discovery found nothing or could not answer', async () => {
    const { api, answer, waiting } = manualApi();
    const store = autoconfigStoreSetup(api);
    const a = store.lookup('ann@nowhere.example');
    answer('ann@nowhere.example', nothing('ann@nowhere.example'));
    await a;
    expect(store.statusText('ann@nowhere.example')).toEqual({ key: 'signIn.status.looking' });
    expect(store.nothingFound('ann@nowhere.example')).toBe(true);
    const b = store.lookup('bob@broken.example');
    waiting.get('bob@broken.example')!.reject(new Error('offline'));
    expect(await b).toBeNull();
    expect(store.statusText('bob@broken.example')).toEqual({ key: 'signIn.status.looking' });
    expect(store.nothingFound('bob@broken.example')).toBe(false);
  });

  it('asks once per address, ignores incomplete ones, and a newer address wins over a late answer', async () => {
    const { api, asked, answer } = manualApi();
    const store = autoconfigStoreSetup(api);
    expect(await store.lookup('ann@')).toBeNull();
    const first = store.lookup('ann@school.example');
    void store.lookup('ann@school.example');
    const second = store.lookup('bob@other.example');
    expect(asked).toEqual(['ann@school.example', 'bob@other.example']);
    answer('bob@other.example', found('bob@other.example', 'imap.other.example'));
    await second;
    answer('ann@school.example', found('ann@school.example'));
    await first;
    expect(store.result.value?.email).toBe('bob@other.example');
    expect(store.statusText('ann@school.example')).toEqual({ key: 'signIn.status.looking' });
    await store.lookup('bob@other.example');
    expect(asked).toHaveLength(2);
  });

  it('reports a provider whose account password will not work', async () => {
    const { api, answer } = manualApi();
    const store = autoconfigStoreSetup(api);
    const p = store.lookup('ann@gschool.example');
    answer('ann@gschool.example', {
      ...found('ann@gschool.example', 'imap.gmail.com'),
      passwordWorks: false,
      provider: 'google',
    });
    await p;
    expect(store.passwordRefusedBy('ann@gschool.example')).toBe('google');
    expect(store.passwordRefusedBy('bob@gschool.example')).toBeNull();
  });
});
