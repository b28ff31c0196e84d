import type { ImapFlow } from 'imapflow';
import type { AuthedSession } from '../core/auth.types.ts';
import { AppError } from '../core/app-error.ts';
import type { ConnectFn } from './account-connections.ts';
import { mailServerUnreachable, toMailError } from './imap-errors.ts';
import { logoutWithin } from './connect.ts';

export interface DownloadConnectionsDeps {
  connect: ConnectFn;
  /** downloads one user may run at once, each on its own connection; 0 = none (callers use the command connection) */
  perUser: number;
  /** how long LOGOUT may take before the socket is just closed */
  logoutTimeoutMs?: number;
  log?: { warn: (obj: object, msg: string) => void };
}

/** Past the per-user cap: 429 message.too_many_downloads (the user waits for one to end). */
export const tooManyDownloads = (perUser: number) =>
  new AppError(
    429,
    'message.too_many_downloads',
    `At most ${perUser} downloads at once. Wait for one to finish, then try again.`,
    { details: { perUser } },
  );

/**
 * Short-lived IMAP connections, one per download (attachment or .eml), so a file streamed to a slow client never holds
 * the account's command connection (decision 010, round 8). Invariant: at most `perUser` are open per user at once, and
 * each is logged out when its work settles (stream ended, failed, or the client left).
 */
export class DownloadConnections {
  private readonly running = new Map<string, number>();
  private readonly open = new Set<ImapFlow>();
  private closing = false;

  constructor(private readonly deps: DownloadConnectionsDeps) {}

  /** Whether downloads get their own connections (IMAP_DOWNLOADS_PER_USER > 0). */
  get enabled(): boolean {
    return this.deps.perUser > 0;
  }

  /** Downloads of `userId` in flight (connecting, streaming or logging out). */
  activeOf(userId: string): number {
    return this.running.get(userId) ?? 0;
  }

  /**
   * Runs `fn` on a new connection with `path` opened read-only, then logs it out; `fn` must settle only once its stream
   * is done. `uidValidity`, when given, must still be the folder's (else 404 message.not_found: the UIDs changed meaning).
   */
  async withMailbox<T>(
    auth: AuthedSession,
    path: string,
    uidValidity: bigint | null,
    fn: (client: ImapFlow) => Promise<T>,
  ): Promise<T> {
    if (this.closing) throw mailServerUnreachable();
    const userId = auth.userId;
    const n = this.activeOf(userId);
    if (n >= this.deps.perUser) throw tooManyDownloads(this.deps.perUser);
    this.running.set(userId, n + 1);
    let client: ImapFlow | null = null;
    try {
      client = await this.deps.connect(auth.account);
      this.open.add(client);
      if (this.closing) throw mailServerUnreachable();
      const mailbox = await client.mailboxOpen(path, { readOnly: true });
      if (uidValidity !== null && BigInt(mailbox.uidValidity) !== uidValidity)
        throw new AppError(
          404,
          'message.not_found',
          'This folder changed while the file was asked for. Open it again.',
        );
      return await fn(client);
    } catch (err) {
      throw toMailError(err, path);
    } finally {
      if (client) {
        await this.logout(client);
        this.open.delete(client);
      }
      const left = this.activeOf(userId) - 1;
      if (left > 0) this.running.set(userId, left);
      else this.running.delete(userId);
    }
  }

  /** Closes every download connection at once (app close): their streams fail, their clients see a cut download. */
  closeAll(): void {
    this.closing = true;
    for (const client of this.open) client.close();
    this.open.clear();
  }

  private async logout(client: ImapFlow): Promise<void> {
    if (!client.usable) {
      client.close();
      return;
    }
    await logoutWithin(client, this.deps.logoutTimeoutMs ?? 2_000, (code) =>
      this.deps.log?.warn({ code }, 'IMAP logout of a download connection failed'),
    );
  }
}
