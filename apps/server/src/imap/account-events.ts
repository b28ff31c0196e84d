import type { AccountEmit, AccountRef } from './account-watchers.ts';

/**
 * Where the account layer's typed events leave it (decision 018): the realtime plugin subscribes and forwards them to
 * the user's room; nothing here knows about sockets.
 */
export class AccountEventHub {
  private readonly listeners = new Set<AccountEmit>();
  private readonly takenListeners = new Set<(ref: AccountRef) => void>();
  private readonly signedInListeners = new Set<(ref: AccountRef, samePassword: boolean) => void>();

  /** an event of one account (its payload carries the account id) */
  readonly emit: AccountEmit = (ref, event, payload) => {
    for (const listener of this.listeners) listener(ref, event, payload);
  };

  /** this instance took an account's lease (several instances): it should learn the account's devices */
  taken(ref: AccountRef): void {
    for (const listener of this.takenListeners) listener(ref);
  }

  /** a sign-in here verified the account's login while another instance runs its watcher (several instances) */
  signedIn(ref: AccountRef, samePassword: boolean): void {
    for (const listener of this.signedInListeners) listener(ref, samePassword);
  }

  onSignedIn(listener: (ref: AccountRef, samePassword: boolean) => void): () => void {
    this.signedInListeners.add(listener);
    return () => this.signedInListeners.delete(listener);
  }

  onEvent(listener: AccountEmit): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onTaken(listener: (ref: AccountRef) => void): () => void {
    this.takenListeners.add(listener);
    return () => this.takenListeners.delete(listener);
  }
}
