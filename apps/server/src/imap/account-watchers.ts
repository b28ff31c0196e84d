import type { AuthedSession, MailAccount } from '../core/auth.types.ts';
import type { ServerToClientEvents, AccountState } from '@pigeon/shared';
import type { Emit } from './account-watcher.ts';
import type { AccountLease } from './account-lease.ts';

/** Which account a watcher is for, and whose it is (events go to the user's room). */
export interface AccountRef {
  accountId: string;
  userId: string;
}

/**
 * What runs per account while devices hold it: the IMAP AccountWatcher (IDLE/NOTIFY), or a POP3 account's checker
 * (mail/pop3/pop3-watcher.ts, decision 026). Leases, lingering and devices are the same for both.
 */
export interface LiveWatcher {
  readonly state: AccountState;
  /** the folders the devices show that the watcher follows (a POP3 account checks its whole maildrop: none) */
  readonly watched: ReadonlySet<string>;
  start(): void;
  view(deviceId: string, path: string | null): void;
  setViewers(viewers: ReadonlyMap<string, string | null>): void;
  leave(deviceId: string): void;
  /** a device brought a (maybe new) password; `verified`: a sign-in has just proved it */
  accountChanged(verified?: boolean): void;
  signedIn(): void;
  /** SMTP refused this password: ask the devices for the new one */
  loginRefused(password: string): void;
  /** a watcher that checks periodically (POP3): check now; resolves when that check has ended */
  checkNow?(): Promise<void>;
  /** a periodic check runs now */
  isChecking?(): boolean;
  close(): Promise<void>;
}

/** An event of one account, with the account id in its payload. */
export type AccountEmit = <E extends keyof ServerToClientEvents>(
  ref: AccountRef,
  event: E,
  payload: Parameters<ServerToClientEvents[E]>[0],
) => void;

export interface AccountWatchersDeps {
  /** builds (does not start) the watcher of an account; `emit` adds the account id to each payload */
  create: (ref: AccountRef, account: () => MailAccount, emit: Emit) => LiveWatcher;
  /** sends an event to every device of the account's user */
  emit: AccountEmit;
  /** called once an account's watcher is closed (to release its command connection) */
  onClosed?: (ref: AccountRef) => void;
  /** how long a watcher stays open after its last device left */
  lingerMs: number;
  /** asked when the linger time is up: true keeps the watcher for another linger time (web push, decision 027) */
  keepWithoutDevices?: (ref: AccountRef) => Promise<boolean>;
  /** several instances (REDIS_URL): only the lease holder runs an account's watcher; absent = always run it */
  lease?: AccountLease;
  /** this instance took the account's lease: it should learn which folder every device (on any instance) shows */
  onTaken?: (ref: AccountRef) => void;
  /** several instances: tell the others that a sign-in here verified the account's login (`samePassword`: the one
   * the sessions already hold); the holder then wakes its watcher (`signedInElsewhere`) */
  announceSignIn?: (ref: AccountRef, samePassword: boolean) => void;
  log?: { warn: (obj: object, msg: string) => void };
}

interface Entry {
  ref: AccountRef;
  watcher: LiveWatcher;
  account: MailAccount;
  /** this process's sockets (devices) holding the account */
  devices: Set<string>;
  lingerTimer: NodeJS.Timeout | undefined;
  leaseTimer: NodeJS.Timeout | undefined;
  /** with a lease: this process runs the watcher, until `heldUntil` unless renewed */
  held: boolean;
  heldUntil: number;
  /** another instance held the lease while this one wanted it: taking it over is a reconnect for the devices */
  sawHolder: boolean;
}

/**
 * One AccountWatcher per mail account per process, opened at sign-in or when a device connects (also after a restart,
 * from the stored credentials), closed `lingerMs` after the account's last device on this process disconnected
 * (unless `keepWithoutDevices` says a device waits for web push). With a
 * lease, a process runs the watcher only while it holds the account's lease, so one watcher per account runs across
 * instances. Invariant: every event leaves through `deps.emit` with the account id in its payload.
 */
export class AccountWatchers {
  private readonly accounts = new Map<string, Entry>();
  private closing = false;

  constructor(private readonly deps: AccountWatchersDeps) {}

  /** Opens the account's watcher unless it runs; without a device it closes after the linger time. */
  open(userId: string, account: MailAccount): LiveWatcher | null {
    if (this.closing) return null;
    let entry = this.accounts.get(account.id);
    if (!entry) {
      const created: Entry = {
        ref: { accountId: account.id, userId },
        account,
        devices: new Set(),
        lingerTimer: undefined,
        leaseTimer: undefined,
        held: false,
        heldUntil: 0,
        sawHolder: false,
        watcher: null as unknown as LiveWatcher,
      };
      created.watcher = this.build(created);
      entry = created;
      this.accounts.set(account.id, entry);
      if (this.deps.lease) this.tickLease(entry);
      else entry.watcher.start();
    } else {
      const changed = entry.account.password !== account.password;
      entry.account = account;
      if (changed) entry.watcher.accountChanged();
    }
    if (entry.devices.size === 0) this.linger(entry);
    return entry.watcher;
  }

  /**
   * A sign-in just verified the session's primary account with the mail server: opens its watcher, and one waiting in
   * `reauth` logs in again now, whether or not the password changed (after an SMTP 535 the same password may be good).
   */
  signedIn(auth: Pick<AuthedSession, 'userId' | 'account'>, samePassword = true): LiveWatcher | null {
    const watcher = this.open(auth.userId, auth.account);
    const running = this.running(auth.account.id);
    if (running) running.signedIn();
    // the watcher runs on another instance (the lease holder): only it can leave `reauth`
    else if (watcher) this.deps.announceSignIn?.({ accountId: auth.account.id, userId: auth.userId }, samePassword);
    return watcher;
  }

  /**
   * Another instance verified a sign-in to the account. The holder logs in again with the password it holds when it
   * is the same one; a new password it does not have (it is sealed for the other device's cookie): it hands the lease
   * over while waiting in `reauth`, so an instance that has a device with the new password runs the watcher.
   */
  signedInElsewhere(accountId: string, samePassword: boolean): void {
    const entry = this.accounts.get(accountId);
    if (!entry?.held || this.closing) return;
    if (samePassword || entry.watcher.state !== 'reauth') return entry.watcher.signedIn();
    this.lost(entry);
    void this.deps.lease?.release(accountId).catch(() => {});
  }

  /**
   * A device (socket) connected: it holds every account of its session. Returns the state to send it per account
   * (an account missing from the answer: the lease holder on another instance sends it).
   */
  attach(
    auth: Pick<AuthedSession, 'userId' | 'accounts'>,
    deviceId: string,
  ): { accountId: string; state: AccountState }[] {
    const states: { accountId: string; state: AccountState }[] = [];
    for (const account of auth.accounts) {
      const watcher = this.open(auth.userId, account);
      const entry = this.accounts.get(account.id);
      if (!watcher || !entry) continue;
      clearTimeout(entry.lingerTimer);
      entry.lingerTimer = undefined;
      const first = entry.devices.size === 0;
      entry.devices.add(deviceId);
      watcher.view(deviceId, null);
      if (this.deps.lease && first && !entry.held) this.tickLease(entry);
      if (!this.deps.lease || entry.held) states.push({ accountId: account.id, state: watcher.state });
    }
    return states;
  }

  /** The folder a device shows in an account changed. */
  view(accountId: string, deviceId: string, path: string | null): void {
    this.accounts.get(accountId)?.watcher.view(deviceId, path);
  }

  /** The lease holder learnt every device of the account across instances (device id → folder it shows). */
  setViewers(accountId: string, viewers: ReadonlyMap<string, string | null>): void {
    const entry = this.accounts.get(accountId);
    if (entry?.held) entry.watcher.setViewers(viewers);
  }

  /** A device left: it leaves every account of its user here. */
  detach(userId: string, deviceId: string): void {
    for (const entry of this.accounts.values()) {
      if (entry.ref.userId !== userId || !entry.devices.delete(deviceId)) continue;
      entry.watcher.leave(deviceId);
      if (entry.devices.size === 0) this.linger(entry);
    }
  }

  get(accountId: string): LiveWatcher | undefined {
    return this.accounts.get(accountId)?.watcher;
  }

  /** The account's watcher when this process runs it (always without a lease). */
  running(accountId: string): LiveWatcher | undefined {
    const entry = this.accounts.get(accountId);
    return entry && (!this.deps.lease || entry.held) ? entry.watcher : undefined;
  }

  /** The accounts of a user with a watcher entry in this process. */
  accountsOf(userId: string): AccountRef[] {
    return [...this.accounts.values()].filter((e) => e.ref.userId === userId).map((e) => e.ref);
  }

  /** Accounts with a watcher entry in this process (the per-instance cap counts these). */
  get accountCount(): number {
    return this.accounts.size;
  }

  /** Closes every watcher of the user now, without lingering (their last sign-in ended); leases are released. */
  async closeUser(userId: string): Promise<void> {
    const entries = [...this.accounts.values()].filter((e) => e.ref.userId === userId);
    for (const e of entries) this.accounts.delete(e.ref.accountId);
    await Promise.all(entries.map((e) => this.dispose(e)));
  }

  /** Closes one account's watcher now (the account was removed); its lease is released. */
  async closeAccount(accountId: string): Promise<void> {
    const entry = this.accounts.get(accountId);
    if (!entry) return;
    this.accounts.delete(accountId);
    await this.dispose(entry);
  }

  async closeAll(): Promise<void> {
    this.closing = true;
    const entries = [...this.accounts.values()];
    this.accounts.clear();
    await Promise.all(entries.map((e) => this.dispose(e)));
  }

  private build(entry: Entry): LiveWatcher {
    return this.deps.create(
      entry.ref,
      () => entry.account,
      (event, payload) => this.deps.emit(entry.ref, event, { ...payload, accountId: entry.ref.accountId } as never),
    );
  }

  private async dispose(entry: Entry): Promise<void> {
    clearTimeout(entry.lingerTimer);
    clearTimeout(entry.leaseTimer);
    await entry.watcher.close();
    if (entry.held) await this.deps.lease?.release(entry.ref.accountId).catch(() => {});
    entry.held = false;
    this.deps.onClosed?.(entry.ref);
  }

  /** Holder: renew. Others with a device here: try to take it, so a dead holder is replaced within the lease time. */
  private tickLease(entry: Entry): void {
    const lease = this.deps.lease;
    if (!lease) return;
    const { accountId } = entry.ref;
    clearTimeout(entry.leaseTimer);
    const current = () => this.accounts.get(accountId) === entry && !this.closing;
    const next = () => {
      if (!current()) return;
      entry.leaseTimer = setTimeout(() => this.tickLease(entry), lease.everyMs);
      entry.leaseTimer.unref();
    };
    if (!entry.held && entry.devices.size === 0) return next();
    // a command Redis never answers (node-redis queues while reconnecting) counts as a failure, not as held
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('lease check timed out')), lease.everyMs);
      timer.unref();
    });
    Promise.race([lease.hold(accountId), timeout])
      .then((ok) => {
        if (!current()) {
          if (ok && !entry.held) void lease.release(accountId).catch(() => {});
          return;
        }
        if (ok) entry.heldUntil = Date.now() + lease.ttlMs;
        if (ok && !entry.held) this.taken(entry);
        else if (!ok && entry.held) this.lost(entry);
        else if (!ok) entry.sawHolder = true;
      })
      .catch((err: unknown) => {
        this.deps.log?.warn({ err: { message: (err as Error).message } }, 'live watcher: lease check failed');
        // Redis unreachable: stop before the lease can have expired, so that two watchers never run at once
        if (entry.held && Date.now() >= entry.heldUntil - lease.everyMs && current()) this.lost(entry);
      })
      .finally(() => {
        clearTimeout(timer);
        next();
      });
  }

  private taken(entry: Entry): void {
    entry.held = true;
    // the previous holder died or gave up: 'reconnecting' then 'live' makes the devices resync by difference
    if (entry.sawHolder)
      this.deps.emit(entry.ref, 'account.stateChanged', { state: 'reconnecting', accountId: entry.ref.accountId });
    entry.watcher.start();
    this.deps.onTaken?.(entry.ref);
  }

  private lost(entry: Entry): void {
    entry.held = false;
    entry.sawHolder = true;
    const old = entry.watcher;
    entry.watcher = this.build(entry);
    for (const id of entry.devices) entry.watcher.view(id, null);
    void old.close().then(() => this.deps.onClosed?.(entry.ref));
  }

  private linger(entry: Entry): void {
    clearTimeout(entry.lingerTimer);
    entry.lingerTimer = setTimeout(() => {
      const idle = () => this.accounts.get(entry.ref.accountId) === entry && entry.devices.size === 0;
      if (!idle()) return;
      const keep = this.deps.keepWithoutDevices?.(entry.ref) ?? Promise.resolve(false);
      void keep
        .catch(() => false)
        .then((kept) => {
          if (!idle()) return;
          if (kept) return this.linger(entry);
          this.accounts.delete(entry.ref.accountId);
          void this.dispose(entry);
        });
    }, this.deps.lingerMs);
    entry.lingerTimer.unref();
  }
}
