import type { AccountState } from '@pigeon/shared';
import type { MailAccount } from '../../core/auth.types.ts';
import { isAppError } from '../../core/app-error.ts';
import type { Emit } from '../../imap/account-watcher.ts';
import type { LiveWatcher } from '../../imap/account-watchers.ts';
import { pushableRows } from '../../imap/push-rows.ts';
import type { LocalStore } from '../local/local-store.repository.ts';
import type { CheckResult, FetcherDeps } from './pop3-fetcher.ts';
import { Pop3Poller, type PollerOptions } from './pop3-poller.ts';

const INBOX = 'INBOX';
/** until the account's interval has been read (only if that read fails) */
const DEFAULT_INTERVAL_MS = 5 * 60_000;

export interface Pop3WatcherDeps {
  account: () => MailAccount;
  emit: Emit;
  /** one check of the account (checkPop3Account with its login), with these hooks */
  check: (hooks: Pick<FetcherDeps, 'onProgress' | 'onStored'>) => Promise<CheckResult>;
  local: Pick<LocalStore, 'ensureFolders' | 'folders' | 'changesSince'>;
  /** minutes between checks: the account's own, else the server's; read after each check */
  intervalMinutes: () => Promise<number>;
  log: { warn: (obj: object, msg: string) => void };
  /** test seam: timers of the poller */
  timers?: Pick<PollerOptions, 'setTimer' | 'clearTimer'>;
}

interface Mark {
  modSeq: bigint;
  uidNext: number;
}

/**
 * A POP3 account's live side (decision 026), run by AccountWatchers like the IMAP watcher (one per account, leased,
 * lingering): checks the server at once and every interval, and on "check now"; each stored batch reaches every
 * device as `message.added` with its rows (as IDLE's do), a first download as `pop3.checkProgressed`. A refused
 * password stops the checks (`reauth`) until a device brings another.
 */
export class Pop3Watcher implements LiveWatcher {
  state: AccountState = 'connecting';
  readonly watched: ReadonlySet<string> = new Set();
  private readonly poller: Pop3Poller;
  private closed = false;
  private rejectedPassword: string | null = null;
  private mark: Mark | null = null;
  private intervalMs = DEFAULT_INTERVAL_MS;

  constructor(private readonly deps: Pop3WatcherDeps) {
    this.poller = new Pop3Poller({
      intervalMs: () => this.intervalMs,
      onError: (_id, err) => this.failed(err),
      ...deps.timers,
    });
  }

  private get id(): string {
    return this.deps.account().id;
  }

  start(): void {
    if (this.closed) return;
    this.setState('connecting');
    this.poller.watch(this.id, () => this.checkOnce());
  }

  /** Checks now (or right after the running check); resolves when that check has finished. */
  checkNow(): Promise<void> {
    if (this.state === 'reauth' || this.closed) return Promise.resolve();
    return this.poller.checkNow(this.id);
  }

  isChecking(): boolean {
    return this.poller.isChecking(this.id);
  }

  // devices and the folder they show change nothing: every check looks at the whole maildrop
  view(): void {}
  setViewers(): void {}
  leave(): void {}

  accountChanged(verified = false): void {
    if (this.state !== 'reauth' || this.closed) return;
    if (!verified && this.deps.account().password === this.rejectedPassword) return;
    this.start();
  }

  signedIn(): void {
    if (this.state === 'reauth') this.accountChanged(true);
    else if (this.state === 'live' && !this.closed) this.deps.emit('account.stateChanged', { state: 'live' });
  }

  loginRefused(password: string): void {
    if (this.closed || this.state === 'reauth' || this.deps.account().password !== password) return;
    this.rejectedPassword = password;
    this.poller.unwatch(this.id);
    this.setState('reauth');
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.poller.close();
  }

  private async checkOnce(): Promise<void> {
    const password = this.deps.account().password;
    let last = { total: 0, done: 0 };
    this.deps.emit('pop3.checkProgressed', { phase: 'checking', ...last });
    try {
      this.mark ??= await this.inboxMark();
      await this.deps.check({
        onProgress: (p) => {
          last = { total: p.total, done: p.done };
          this.deps.emit('pop3.checkProgressed', p);
        },
        onStored: () => void this.announce().catch(() => {}),
      });
      await this.announce();
    } catch (err) {
      if (isAppError(err) && err.code === 'auth.invalid_credentials') this.rejectedPassword = password;
      throw err;
    } finally {
      this.deps.emit('pop3.checkProgressed', { phase: 'done', ...last });
      this.intervalMs = await this.deps.intervalMinutes().then(
        (m) => m * 60_000,
        () => this.intervalMs,
      );
    }
    if (!this.closed) this.setState('live');
  }

  /** New INBOX messages since the last announcement, to every device (rows within the push bound). */
  private announcing: Promise<void> = Promise.resolve();
  private announce(): Promise<void> {
    this.announcing = this.announcing.then(async () => {
      const since = this.mark ?? (await this.inboxMark());
      const c = await this.deps.local.changesSince(this.id, INBOX, since.modSeq, since.uidNext);
      this.mark = { modSeq: c.highestModSeq, uidNext: c.uidNext };
      if (!c.added.length) return;
      const uids = c.added.map((r) => r.uid);
      const rows = pushableRows(uids, c.added);
      this.deps.emit('message.added', rows ? { path: INBOX, uids, rows } : { path: INBOX, uids });
      const inbox = (await this.deps.local.folders(this.id)).find((f) => f.path === INBOX);
      if (inbox) this.deps.emit('mailbox.countsChanged', { path: INBOX, total: inbox.total, unread: inbox.unread });
    });
    return this.announcing;
  }

  private async inboxMark(): Promise<Mark> {
    await this.deps.local.ensureFolders(this.id);
    const inbox = (await this.deps.local.folders(this.id)).find((f) => f.path === INBOX);
    return { modSeq: inbox?.highestModSeq ?? 0n, uidNext: inbox?.uidNext ?? 1 };
  }

  private failed(err: unknown): void {
    if (this.closed) return;
    if (isAppError(err) && err.code === 'auth.invalid_credentials') {
      this.poller.unwatch(this.id);
      this.setState('reauth');
      return;
    }
    this.deps.log.warn({ accountId: this.id, err: String(err) }, 'pop3: check failed');
    this.setState('reconnecting');
  }

  private setState(state: AccountState): void {
    if (this.state === state) return;
    this.state = state;
    this.deps.emit('account.stateChanged', { state });
  }
}
