import type { AuthedSession, MailAccount } from '../core/auth.types.ts';
import type { SessionState } from '@pigeon/shared';
import { LiveSession, type Emit } from './live-session.ts';

export interface LiveSessionsDeps {
  /** builds (does not start) the live session of a user */
  create: (userId: string, account: () => MailAccount, emit: Emit) => LiveSession;
  /** sends an event to every device of a user */
  emit: (userId: string, ...args: Parameters<Emit>) => void;
  /** called once a user's live session is closed (to release the command connection) */
  onClosed?: (userId: string) => void;
  /** how long a session stays open after its last device left */
  lingerMs: number;
}

interface Entry {
  session: LiveSession;
  account: MailAccount;
  lingerTimer: NodeJS.Timeout | undefined;
}

/**
 * One LiveSession per user per process, opened at sign-in or when a device connects (also after a restart, from the
 * stored credentials), closed `lingerMs` after the user's last device disconnected.
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
      const userId = auth.userId;
      const created: Entry = { account: auth.account, lingerTimer: undefined, session: null as unknown as LiveSession };
      created.session = this.deps.create(
        userId,
        () => created.account,
        (...args) => this.deps.emit(userId, ...args),
      );
      entry = created;
      this.users.set(userId, entry);
      entry.session.start();
    } else {
      const changed = entry.account.password !== auth.account.password;
      entry.account = auth.account;
      if (changed) entry.session.accountChanged();
    }
    if (entry.session.deviceCount === 0) this.linger(auth.userId, entry);
    return entry.session;
  }

  /** A device (socket) of the user connected: returns the state to send it. */
  attach(auth: AuthedSession, deviceId: string): SessionState | null {
    const session = this.open(auth);
    const entry = this.users.get(auth.userId);
    if (!session || !entry) return null;
    clearTimeout(entry.lingerTimer);
    entry.lingerTimer = undefined;
    session.view(deviceId, null);
    return session.state;
  }

  view(userId: string, deviceId: string, path: string | null): void {
    this.users.get(userId)?.session.view(deviceId, path);
  }

  detach(userId: string, deviceId: string): void {
    const entry = this.users.get(userId);
    if (!entry) return;
    entry.session.leave(deviceId);
    if (entry.session.deviceCount === 0) this.linger(userId, entry);
  }

  get(userId: string): LiveSession | undefined {
    return this.users.get(userId)?.session;
  }

  get userCount(): number {
    return this.users.size;
  }

  async closeAll(): Promise<void> {
    this.closing = true;
    const entries = [...this.users.entries()];
    this.users.clear();
    await Promise.all(
      entries.map(async ([userId, e]) => {
        clearTimeout(e.lingerTimer);
        await e.session.close();
        this.deps.onClosed?.(userId);
      }),
    );
  }

  private linger(userId: string, entry: Entry): void {
    clearTimeout(entry.lingerTimer);
    entry.lingerTimer = setTimeout(() => {
      if (this.users.get(userId) !== entry || entry.session.deviceCount > 0) return;
      this.users.delete(userId);
      void entry.session.close().then(() => this.deps.onClosed?.(userId));
    }, this.deps.lingerMs);
    entry.lingerTimer.unref();
  }
}
