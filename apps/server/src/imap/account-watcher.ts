import type { ImapFlow } from 'imapflow';
import type { MessageFlags, MessageSummary, ServerToClientEvents, AccountState } from '@pigeon/shared';
import type { MailAccount } from '../core/auth.types.ts';
import { enableNotify, type StatusUpdate } from './notify.ts';
import { pushableRows } from './push-rows.ts';
import { isCredentialRefusal } from './imap-errors.ts';
import { logoutWithin } from './connect.ts';

/** What a sync of one mailbox found (the changes service, run on the user's command connection). */
export interface SyncResult {
  reset: boolean;
  total: number;
  unread: number;
  syncToken: string;
  diff: { added: number[]; changed: { uid: number; flags: MessageFlags }[]; removed: number[] };
  /** rows of the added messages when the sync fetched them (within the push bound), else empty */
  added?: MessageSummary[];
}

/** Sends an event of this account (the caller adds the account id). */
export type Emit = <E extends keyof ServerToClientEvents>(
  event: E,
  payload: Omit<Parameters<ServerToClientEvents[E]>[0], 'accountId'>,
) => void;

export interface AccountWatcherDeps {
  account: () => MailAccount;
  /** a logged-in watcher connection (QRESYNC enabled, re-IDLEs every maxIdleTime); null = none allowed (cap) */
  connectWatcher: ((account: MailAccount) => Promise<ImapFlow>) | null;
  /** changes of `path` since `since` (undefined: only the current token), on the command connection */
  sync: (path: string, since: string | undefined) => Promise<SyncResult>;
  /** logs in the command connection ahead of its first command (sync, listCounts), so both logins run at once */
  openCommand?: () => Promise<void>;
  /** counts of every folder (LIST-STATUS) on the command connection */
  listCounts: () => Promise<{ path: string; total: number; unread: number }[]>;
  emit: Emit;
  backoff: (attempt: number) => number;
  /** poll interval when the server has no NOTIFY or no watcher is allowed */
  pollMs: number;
  log: { warn: (obj: object, msg: string) => void };
}

const INBOX = 'INBOX';
const MAX_SYNC_RETRIES = 8;

/**
 * One account's live view of its mail, shared by all the devices holding it: a watcher connection in IDLE on INBOX with
 * NOTIFY for every other folder (or a poll without NOTIFY), and syncs of the watched folders that turn into events.
 * Invariant: a watched folder always has a baseline token, so a change is reported once, and changes made while
 * the mail server was unreachable are reported after the reconnect.
 */
export class AccountWatcher {
  state: AccountState = 'connecting';
  private watcher: ImapFlow | null = null;
  private closed = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private notify = false;
  /** device id → folder it shows */
  private readonly viewers = new Map<string, string | null>();
  private readonly tokens = new Map<string, string>();
  private readonly counts = new Map<string, { total: number; unread: number }>();
  private readonly syncing = new Map<string, Promise<void>>();
  private readonly dirty = new Set<string>();
  private readonly syncFailures = new Map<string, number>();
  /** password the last failed login used: a device with another one retries at once */
  private rejectedPassword: string | null = null;
  /** connected, the watched folders' baselines being taken (`live` follows) */
  private baselining = false;

  constructor(private readonly deps: AccountWatcherDeps) {}

  start(): void {
    void this.connect();
  }

  /** Folders with message events: INBOX and every folder a device shows. */
  get watched(): Set<string> {
    const paths = new Set<string>([INBOX]);
    for (const path of this.viewers.values()) if (path) paths.add(path);
    return paths;
  }

  get deviceCount(): number {
    return this.viewers.size;
  }

  /** A device connected (or changed the folder it shows). */
  view(deviceId: string, path: string | null): void {
    const known = this.watched.has(path ?? INBOX);
    this.viewers.set(deviceId, path);
    if (path && !known && (this.state === 'live' || this.baselining)) this.scheduleSync(path);
  }

  /** Every device across instances (the lease holder learns them through the socket.io adapter). */
  setViewers(next: ReadonlyMap<string, string | null>): void {
    for (const id of [...this.viewers.keys()]) if (!next.has(id)) this.leave(id);
    for (const [id, path] of next) if (!this.viewers.has(id) || this.viewers.get(id) !== path) this.view(id, path);
  }

  leave(deviceId: string): void {
    this.viewers.delete(deviceId);
    for (const path of this.tokens.keys()) if (!this.watched.has(path)) this.tokens.delete(path);
  }

  /**
   * A device brought a (maybe new) password: after `reauth`, try again at once. `verified`: a sign-in has just
   * proved this login with the mail server, so it is tried even if it is the password last refused (an SMTP 535 that
   * passed, a server whose auth was briefly broken); a device's stored cookie alone never retries a refused password.
   */
  accountChanged(verified = false): void {
    if (this.state !== 'reauth' || this.closed) return;
    if (!verified && this.deps.account().password === this.rejectedPassword) return;
    this.attempt = 0;
    this.setState('connecting');
    void this.connect();
  }

  /**
   * A sign-in (here or on another instance) just proved the user's login: leave `reauth` now, or tell every device
   * that the session is live (a device may show `reauth` from an SMTP 535 another instance reported meanwhile).
   */
  signedIn(): void {
    if (this.state === 'reauth') this.accountChanged(true);
    else if (this.state === 'live' && !this.closed) this.deps.emit('account.stateChanged', { state: 'live' });
  }

  /** SMTP refused this password (changed elsewhere): ask the devices for the new one, as a refused IMAP login does. */
  loginRefused(password: string): void {
    if (this.closed || this.state === 'reauth' || this.deps.account().password !== password) return;
    this.rejectedPassword = password;
    this.detachWatcher()?.close();
    this.setState('reauth');
  }

  async close(): Promise<void> {
    this.closed = true;
    const watcher = this.detachWatcher();
    if (watcher) {
      await logoutWithin(watcher, 2_000);
    }
  }

  /** Stops the timers and lets go of the watcher connection (its loss is no longer a reconnect); returns it. */
  private detachWatcher(): ImapFlow | null {
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pollTimer);
    const watcher = this.watcher;
    this.watcher = null;
    watcher?.removeAllListeners('close');
    return watcher;
  }

  private setState(state: AccountState): void {
    if (this.state === state) return;
    this.state = state;
    this.deps.emit('account.stateChanged', { state });
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const account = this.deps.account();
    // the command connection (counts, baselines) logs in alongside the watcher, unless this very password was just
    // refused: then one login finds out, and the server's per-IP auth penalty sees one failure (decision 007)
    if (this.deps.connectWatcher && account.password !== this.rejectedPassword)
      void this.deps.openCommand?.().catch(() => {});
    try {
      if (this.deps.connectWatcher) {
        const watcher = await this.deps.connectWatcher(account);
        if (this.closed) {
          watcher.close();
          return;
        }
        await this.attachWatcher(watcher);
      } else {
        await this.deps.listCounts(); // the login check when there is no watcher
      }
    } catch (err) {
      if (isCredentialRefusal(err) || (err as { code?: string }).code === 'auth.invalid_credentials') {
        this.rejectedPassword = account.password;
        this.setState('reauth');
        return;
      }
      this.attempt += 1;
      this.setState(this.attempt > 1 || this.tokens.size > 0 ? 'reconnecting' : 'connecting');
      this.reconnectTimer = setTimeout(() => void this.connect(), this.deps.backoff(this.attempt));
      this.reconnectTimer.unref();
      return;
    }
    this.attempt = 0;
    this.rejectedPassword = null;
    const watcher = this.watcher;
    clearInterval(this.pollTimer);
    if (!this.notify) {
      this.pollTimer = setInterval(() => void this.poll(), this.deps.pollMs);
      this.pollTimer.unref();
    }
    // after a reconnect this reports what happened while the server was away; `live` only once every watched folder
    // has its baseline, so a change made after a device was told `live` always reaches it as an event. The counts
    // are taken meanwhile: both follow the watcher's SELECT and NOTIFY, so nothing falls between them.
    this.baselining = true;
    for (const path of this.watched) this.scheduleSync(path);
    await Promise.all([this.refreshCounts(), ...this.syncing.values()]).finally(() => (this.baselining = false));
    if (!this.closed && this.watcher === watcher && this.state !== 'reauth') this.setState('live');
  }

  private async attachWatcher(watcher: ImapFlow): Promise<void> {
    watcher.on('close', () => this.watcherLost(watcher));
    await watcher.mailboxOpen(INBOX, { readOnly: true });
    watcher.on('exists', () => this.scheduleSync(INBOX));
    watcher.on('expunge', () => this.scheduleSync(INBOX));
    watcher.on('flags', () => this.scheduleSync(INBOX));
    this.notify = await enableNotify(watcher, (update) => this.onStatus(update));
    this.watcher = watcher;
    void this.idle(watcher);
  }

  /** IDLE right away (imapflow would wait 15 s); imapflow itself re-IDLEs every maxIdleTime. */
  private async idle(watcher: ImapFlow): Promise<void> {
    for (let i = 0; i < 1_000_000 && this.watcher === watcher && watcher.usable && !this.closed; i++) {
      await watcher.idle().catch(() => false);
      if (this.watcher === watcher && watcher.usable && !watcher.idling) await new Promise((r) => setTimeout(r, 1_000));
    }
  }

  private watcherLost(watcher: ImapFlow): void {
    if (this.watcher !== watcher || this.closed) return;
    this.watcher = null;
    this.attempt = 1;
    this.setState('reconnecting');
    this.reconnectTimer = setTimeout(() => void this.connect(), this.deps.backoff(this.attempt));
    this.reconnectTimer.unref();
  }

  private onStatus(update: StatusUpdate): void {
    const known = this.counts.get(update.path);
    if (!known) {
      this.deps.emit('mailbox.listChanged', { reason: 'created' });
      void this.refreshCounts();
      return;
    }
    const next = { total: update.messages ?? known.total, unread: update.unseen ?? known.unread };
    this.setCounts(update.path, next);
    if (this.watched.has(update.path)) this.scheduleSync(update.path);
  }

  private setCounts(path: string, next: { total: number; unread: number }): void {
    const known = this.counts.get(path);
    this.counts.set(path, next);
    if (!known || known.total !== next.total || known.unread !== next.unread)
      this.deps.emit('mailbox.countsChanged', { path, ...next });
  }

  private async refreshCounts(): Promise<void> {
    try {
      const list = await this.deps.listCounts();
      const paths = new Set(list.map((m) => m.path));
      const listChanged =
        this.counts.size > 0 &&
        (list.length !== this.counts.size || [...this.counts.keys()].some((p) => !paths.has(p)));
      for (const m of list) this.setCounts(m.path, { total: m.total, unread: m.unread });
      for (const p of [...this.counts.keys()]) if (!paths.has(p)) this.counts.delete(p);
      if (listChanged) this.deps.emit('mailbox.listChanged', { reason: 'unknown' });
    } catch (err) {
      this.deps.log.warn({ code: (err as { code?: string }).code }, 'live watcher: folder counts failed');
    }
  }

  private async poll(): Promise<void> {
    if (this.closed || this.state !== 'live') return;
    await this.refreshCounts();
    for (const path of this.watched) this.scheduleSync(path);
  }

  /** Coalesces: at most one sync per folder runs, and one more follows if changes came in meanwhile. */
  private scheduleSync(path: string): void {
    if (this.closed) return;
    if (this.syncing.has(path)) {
      this.dirty.add(path);
      return;
    }
    const run = this.syncOnce(path).finally(() => {
      this.syncing.delete(path);
      if (this.dirty.delete(path)) this.scheduleSync(path);
    });
    this.syncing.set(path, run);
  }

  private async syncOnce(path: string): Promise<void> {
    const since = this.tokens.get(path);
    let result: SyncResult;
    try {
      result = await this.deps.sync(path, since);
    } catch (err) {
      const failures = (this.syncFailures.get(path) ?? 0) + 1;
      this.syncFailures.set(path, failures);
      this.deps.log.warn({ path, code: (err as { code?: string }).code }, 'live watcher: sync failed');
      if (failures <= MAX_SYNC_RETRIES && !this.closed)
        setTimeout(() => this.scheduleSync(path), this.deps.backoff(failures)).unref();
      return;
    }
    this.syncFailures.delete(path);
    if (this.closed || !this.watched.has(path)) return;
    this.tokens.set(path, result.syncToken);
    if (since !== undefined && result.reset) this.deps.emit('mailbox.listChanged', { reason: 'unknown' });
    const { added, changed, removed } = result.diff;
    if (removed.length) this.deps.emit('message.removed', { path, uids: removed });
    if (changed.length) this.deps.emit('message.flagsChanged', { path, changes: changed });
    if (added.length) {
      const rows = pushableRows(added, result.added ?? []);
      this.deps.emit('message.added', rows ? { path, uids: added, rows } : { path, uids: added });
    }
    this.setCounts(path, { total: result.total, unread: result.unread });
  }
}
