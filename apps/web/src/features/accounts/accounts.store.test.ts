import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, defineStore, setActivePinia } from 'pinia';
import type { AccountSummary } from '@pigeon/shared';
import { accountsStoreSetup } from './accounts.store';
import type { AccountsApi } from './accounts.api';
import { accountParams, currentAccount, setCurrentAccount, showAccount } from '../../api/account';

const account = (id: string, primary = false): AccountSummary => ({
  id,
  email: `${id}@school.test`,
  displayName: '',
  protocol: 'imap',
  primary,
});

function fakeApi(list: AccountSummary[]) {
  return {
    list: vi.fn(async () => ({ accounts: list })),
    counts: vi.fn(async () => ({ counts: list.map((a, i) => ({ accountId: a.id, unread: i + 1 })) })),
    add: vi.fn(async () => list[list.length - 1]!),
    remove: vi.fn(async () => undefined),
    unified: vi.fn(),
  } satisfies Record<keyof AccountsApi, unknown>;
}

beforeEach(() => setActivePinia(createPinia()));

describe('the accounts store', () => {
  it('asks for the Inbox counts only when there is a switcher to show (two accounts or more)', async () => {
    const one = fakeApi([account('a', true)]);
    const single = defineStore('s1', () => accountsStoreSetup(one as unknown as AccountsApi))();
    await single.load();
    expect(single.many).toBe(false);
    expect(one.counts).not.toHaveBeenCalled();

    const two = fakeApi([account('a', true), account('b')]);
    const multi = defineStore('s2', () => accountsStoreSetup(two as unknown as AccountsApi))();
    await multi.load();
    expect(multi.many).toBe(true);
    expect(multi.unread).toEqual({ a: 1, b: 2 });
    multi.setUnread('b', 7);
    expect(multi.unread.b).toBe(7);
  });

  it('drops a removed account at once and reloads the list', async () => {
    const api = fakeApi([account('a', true), account('b')]);
    const store = defineStore('s3', () => accountsStoreSetup(api as unknown as AccountsApi))();
    await store.load();
    api.list.mockResolvedValueOnce({ accounts: [account('a', true)] });
    await store.remove('b');
    expect(api.remove).toHaveBeenCalledWith('b');
    expect(store.accounts.map((a) => a.id)).toEqual(['a']);
  });
});

describe('the account shown', () => {
  it('is the primary one after sign-in, another after a switch, and only another one names itself in URLs', () => {
    setCurrentAccount('p');
    expect(accountParams()).toEqual({});
    expect(showAccount('p')).toBe(false);
    expect(showAccount('x')).toBe(true);
    expect(currentAccount()).toBe('x');
    expect(accountParams()).toEqual({ account: 'x' });
    setCurrentAccount(null);
    expect(currentAccount()).toBe('');
  });
});
