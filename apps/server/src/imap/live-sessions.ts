import type { AuthedSession, MailAccount } from '../core/auth.types.ts';
import type { SessionState } from '@pigeon/shared';
import { LiveSession, type Emit } from './live-session.ts';
import type { LiveLease } from './live-lease.ts';

export interface LiveSessionsDeps {
  /** builds (does not start) the live session of a user */
  create: (userId: string, account: () => MailAccount, emit: Emit) => LiveSession;
  /** sends an event to every device of a user */
  emit: (userId: string, ...args: Parameters<Emit>) => void;
  /** called once a user's live session is closed (to release the command connection) */
  onClosed?: (userId: string) => void;
  /** how long a session stays open after its last device left */
  lingerMs: number;
  /** several instances (REDIS_URL): only the lease holder runs a user's session; absent = always run it */
  lease?: LiveLease;
  /** this instance took the user's lease: it should learn which folder every device (on any instance) shows */
  onTaken?: (userId: string) => void;
  /** several instances: tell the others that a sign-in here verified the user's login (`samePassword`: the one the
   * sessions already hold); the holder then wakes its session (`signedInElsewhere`) */
  announceSignIn?: (userId: string, samePassword: boolean) => void;
  log?: { warn: (obj: object, msg: string) => void };
}

interface Entry {
  session: LiveSession;
  account: MailAccount;
  /** this process's sockets of the user */
  devices: Set<string>;
  lingerTimer: NodeJS.Timeout | undefined;
  leaseTimer: NodeJS.Timeout | undefined;
  /** with a lease: this process runs the session, until `heldUntil` unless renewed */
  held: boolean;
  heldUntil: number;
  /** another instance held the lease while this one wanted it: taking it over is a reconnect for the devices */
  sawHolder: boolean;
}

/**
 * One LiveSession per user per process, opened at sign-in or when a device connects (also after a restart, from the
 * stored credentials), closed `lingerMs` after the user's last device on this process disconnected. With a lease,
 * a process runs the session only while it holds the user's lease, so one watcher per user runs across instances.
 */
export class LiveSessions {
  private readonly users = new Map<string, Entry>();
  private closing = false;

  constructor(private readonly deps: LiveSessionsDeps) {}

  /** Opens the user's session unless it runs; without a device it closes after the linger time. */
  open(auth: Pick<AuthedSession, 'userId' | 'account'>): LiveSession | null {
    if (this.closing) return null;
    let entry = this.users.get(auth.userId);
    if (!entry) {
      const created: Entry = {
        account: auth.account,
        devices: new Set(),
        lingerTimer: undefined,
        leaseTimer: undefined,
        held: false,
        heldUntil: 0,
        sawHolder: false,
        session: null as unknown as LiveSession,
      };
      created.session = this.build(auth.userId, created);
      entry = created;
      this.users.set(auth.userId, entry);
      if (this.deps.lease) this.tickLease(auth.userId, entry);
      else entry.session.start();
    } else {
      const changed = entry.account.password !== auth.account.password;
      entry.account = auth.account;
      if (changed) entry.session.accountChanged();
    }
    if (entry.devices.size === 0) this.linger(auth.userId, entry);
    return entry.session;
  }

  /**
   * A sign-in just verified `auth.account` with the mail server: opens the session, and one waiting in `reauth` logs
   * in again now, whether or not the password changed (after an SMTP 535 the same password may be good again).
   */
  signedIn(auth: Pick<AuthedSession, 'userId' | 'account'>, samePassword = true): LiveSession | null {
    const session = this.open(auth);
    const running = this.running(auth.userId);
    if (running) running.signedIn();
    // the session runs on another instance (the lease holder): only it can leave `reauth`
    else if (session) this.deps.announceSignIn?.(auth.userId, samePassword);
    return session;
  }

  /**
   * Another instance verified a sign-in of the user. The holder logs in again with the password it holds when it is
   * the same one; a new password it does not have (it is sealed in the other device's cookie): it hands the lease
   * over while waiting in `reauth`, so an instance that has a device with the new password runs the session.
   */
  signedInElsewhere(userId: string, samePassword: boolean): void {
    const entry = this.users.get(userId);
    if (!entry?.held || this.closing) return;
    if (samePassword || entry.session.state !== 'reauth') return entry.session.signedIn();
    this.lost(userId, entry);
    void this.deps.lease?.release(userId).catch(() => {});
  }

  /** A device (socket) of the user connected: returns the state to send it (null: the lease holder sends it). */
  attach(auth: AuthedSession, deviceId: string): SessionState | null {
    const session = this.open(auth);
    const entry = this.users.get(auth.userId);
    if (!session || !entry) return null;
    clearTimeout(entry.lingerTimer);
    entry.lingerTimer = undefined;
    const first = entry.devices.size === 0;
    entry.devices.add(deviceId);
    session.view(deviceId, null);
    if (this.deps.lease && first && !entry.held) this.tickLease(auth.userId, entry);
    return !this.deps.lease || entry.held ? session.state : null;
  }

  view(userId: string, deviceId: string, path: string | null): void {
    this.users.get(userId)?.session.view(deviceId, path);
  }

  /** The lease holder learnt every device of the user across instances (device id → folder it shows). */
  setViewers(userId: string, viewers: ReadonlyMap<string, string | null>): void {
    const entry = this.users.get(userId);
    if (entry?.held) entry.session.setViewers(viewers);
  }

  detach(userId: string, deviceId: string): void {
    const entry = this.users.get(userId);
    if (!entry) return;
    entry.devices.delete(deviceId);
    entry.session.leave(deviceId);
    if (entry.devices.size === 0) this.linger(userId, entry);
  }

  get(userId: string): LiveSession | undefined {
    return this.users.get(userId)?.session;
  }

  /** The user's session when this process runs it (always without a lease). */
  running(userId: string): LiveSession | undefined {
    const entry = this.users.get(userId);
    return entry && (!this.deps.lease || entry.held) ? entry.session : undefined;
  }

  get userCount(): number {
    return this.users.size;
  }

  /** Closes the user's session now, without lingering (their last sign-in ended); the lease is released. */
  async close(userId: string): Promise<void> {
    const entry = this.users.get(userId);
    if (!entry) return;
    this.users.delete(userId);
    await this.dispose(userId, entry);
  }

  async closeAll(): Promise<void> {
    this.closing = true;
    const entries = [...this.users.entries()];
    this.users.clear();
    await Promise.all(entries.map(async ([userId, e]) => this.dispose(userId, e)));
  }

  private build(userId: string, entry: Entry): LiveSession {
    return this.deps.create(
      userId,
      () => entry.account,
      (...args) => this.deps.emit(userId, ...args),
    );
  }

  private async dispose(userId: string, entry: Entry): Promise<void> {
    clearTimeout(entry.lingerTimer);
    clearTimeout(entry.leaseTimer);
    await entry.session.close();
    if (entry.held) await this.deps.lease?.release(userId).catch(() => {});
    entry.held = false;
    this.deps.onClosed?.(userId);
  }

  /** Holder: renew. Others with a device here: try to take it, so a dead holder is replaced within the lease time. */
  private tickLease(userId: string, entry: Entry): void {
    const lease = this.deps.lease;
    if (!lease) return;
    clearTimeout(entry.leaseTimer);
    const current = () => this.users.get(userId) === entry && !this.closing;
    const next = () => {
      if (!current()) return;
      entry.leaseTimer = setTimeout(() => this.tickLease(userId, entry), lease.everyMs);
      entry.leaseTimer.unref();
    };
    if (!entry.held && entry.devices.size === 0) return next();
    // a command Redis never answers (node-redis queues while reconnecting) counts as a failure, not as held
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error('lease check timed out')), lease.everyMs);
      timer.unref();
    });
    Promise.race([lease.hold(userId), timeout])
      .then((ok) => {
        if (!current()) {
          if (ok && !entry.held) void lease.release(userId).catch(() => {});
          return;
        }
        if (ok) entry.heldUntil = Date.now() + lease.ttlMs;
        if (ok && !entry.held) this.taken(userId, entry);
        else if (!ok && entry.held) this.lost(userId, entry);
        else if (!ok) entry.sawHolder = true;
      })
      .catch((err: unknown) => {
        this.deps.log?.warn({ err: { message: (err as Error).message } }, 'live session: lease check failed');
        // Redis unreachable: stop before the lease can have expired, so that two watchers never run at once
        if (entry.held && Date.now() >= entry.heldUntil - lease.everyMs && current()) this.lost(userId, entry);
      })
      .finally(() => {
        clearTimeout(timer);
        next();
      });
  }

  private taken(userId: string, entry: Entry): void {
    entry.held = true;
    // the previous holder died or gave up: 'reconnecting' then 'live' makes the devices resync by difference
    if (entry.sawHolder) this.deps.emit(userId, 'session.stateChanged', { state: 'reconnecting' });
    entry.session.start();
    this.deps.onTaken?.(userId);
  }

  private lost(userId: string, entry: Entry): void {
    entry.held = false;
    entry.sawHolder = true;
    const old = entry.session;
    entry.session = this.build(userId, entry);
    for (const id of entry.devices) entry.session.view(id, null);
    void old.close().then(() => this.deps.onClosed?.(userId));
  }

  private linger(userId: string, entry: Entry): void {
    clearTimeout(entry.lingerTimer);
    entry.lingerTimer = setTimeout(() => {
      if (this.users.get(userId) !== entry || entry.devices.size > 0) return;
      this.users.delete(userId);
      void this.dispose(userId, entry);
    }, this.deps.lingerMs);
    entry.lingerTimer.unref();
  }
}
