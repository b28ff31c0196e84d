import { randomBytes } from 'node:crypto';
import type { MessageFlags } from '@pigeon/shared';

/** UID/flags listings for servers without CONDSTORE, by owner (the account id) and random id; bounded, oldest dropped first. */
export interface SnapshotStore {
  put(owner: string, listing: ReadonlyMap<number, MessageFlags>): string;
  get(owner: string, id: string): ReadonlyMap<number, MessageFlags> | undefined;
}

/** One store per app; `max` bounds memory. */
export function createSnapshotStore(max = 500): SnapshotStore {
  const entries = new Map<string, ReadonlyMap<number, MessageFlags>>();
  return {
    put(owner, listing) {
      const id = randomBytes(12).toString('base64url');
      entries.set(`${owner}\n${id}`, listing);
      while (entries.size > max) entries.delete(entries.keys().next().value as string);
      return id;
    },
    get: (owner, id) => entries.get(`${owner}\n${id}`),
  };
}
