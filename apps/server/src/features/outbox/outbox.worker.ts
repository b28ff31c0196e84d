import { randomUUID } from 'node:crypto';
import type { AuthedSession, MailAccount } from '../../core/auth.types.ts';
import type { MailStore } from '../../mail/mail-store.ts';
import type { ComposeRepository } from '../compose/compose.service.ts';
import { withoutBcc } from '../compose/mime.ts';
import { openAccount, sealAccount } from './outbox-credentials.ts';
import { WAITING_FOR_SIGN_IN, type OutboxRepository, type OutboxRow } from './outbox.repository.ts';
import { MAX_ATTEMPTS, classifySendError, retryDelay } from './retry.ts';
import type { SendRaw } from './smtp.ts';

export interface OutboxWorkerDeps {
  outbox: OutboxRepository;
  uploads: ComposeRepository;
  /** the mail store of the account a message is sent from, held by the attempt's own holder (decision 033) */
  mail: (holder: AuthedSession) => MailStore;
  /** the attempt is over: the holder's connection (if any) is given back */
  release: (holderId: string) => Promise<void>;
  send: SendRaw;
  serverSecret: Buffer;
  log: { warn: (obj: object, msg: string) => void; info: (obj: object, msg: string) => void };
  now?: () => Date;
  /** delay before attempt n + 1 after n failed ones */
  retryDelay?: (attempt: number) => number;
  /** longest sleep between looks at the table (another process may have queued something) */
  pollMs?: number;
  /** SMTP refused the stored login (535): the user's devices are asked for the password (the `reauth` state) */
  onLoginRefused?: (ref: { userId: string; accountId: string | null }, password: string) => void;
  /** other instances share the table (REDIS_URL): recover only rows whose claim expired, on every pass */
  shared?: boolean;
  /** how long a claim lasts: an instance that died mid-attempt has its rows retried elsewhere after this */
  claimMs?: number;
  /** failed rows are purged this long after their last attempt (OUTBOX_FAILED_RETENTION_DAYS) */
  failedRetentionMs?: number;
}

/**
 * Points of one attempt, in order (decision 015): `claimed` (nothing sent), `committing` (recorded; the end of DATA
 * not yet released), `answered` (SMTP said 250; not yet recorded), `accepted` (recorded), `filed` (Sent copy),
 * `sent` (recorded as sent).
 */
export type SendStep = 'claimed' | 'committing' | 'answered' | 'accepted' | 'filed' | 'sent';

/** Test seam: `step` runs at each point of an attempt (a test freezes or kills the process there). */
export interface OutboxHooks {
  step?: (step: SendStep, row: OutboxRow) => Promise<void> | void;
}

/** The end of DATA may have reached the server, and nothing says whether it took the message. */
const MAYBE_SENT = {
  code: 'compose.maybe_sent',
  message: 'Interrupted after the end of DATA, before the mail server answered: it may have been sent.',
} as const;

const BATCH = 8;
/** a row whose login SMTP refused waits this long for a new sign-in before trying the old login once more */
const SIGN_IN_WAIT_MS = 24 * 3600_000;
const CLAIM_MS = 5 * 60_000;
const CLEANUP_EVERY_MS = 60 * 60_000;

/**
 * Delivers due outbox rows: claim (conditional UPDATE) → SMTP, recording `committing` before the end of DATA and
 * `accepted` at the 250 → Sent copy → record. Invariant: a row whose end of DATA may have reached the server is never
 * handed to SMTP again (decision 015).
 */
export class OutboxWorker {
  readonly hooks: OutboxHooks = {};
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private lastCleanup = 0;
  private readonly now: () => Date;
  private readonly owner = randomUUID();

  constructor(private readonly deps: OutboxWorkerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Rows a dead process left in `sending` are retried (after the Sent check); then the loop starts. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.recover();
    this.kick();
  }

  /** Look at the table now (a message was queued or undone). */
  kick(): void {
    this.schedule(0);
  }

  /** The user signed in again: messages that waited for it get the new login and are sent now. */
  async resumeAfterSignIn(auth: Pick<AuthedSession, 'userId' | 'account'>): Promise<void> {
    const resumed = await this.deps.outbox.resumeWaitingForSignIn(auth.userId, this.now(), (id) =>
      sealAccount(auth.account, this.deps.serverSecret, id),
    );
    if (!resumed) return;
    this.deps.log.info({ resumed }, 'outbox: signed in again, sending what waited for it');
    this.kick();
  }

  /** Stops the loop; waits up to `graceMs` for the attempts in flight. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.running) await Promise.race([this.running, new Promise((r) => setTimeout(r, graceMs).unref())]);
  }

  /** One pass over the due rows (tests call this to step the worker). */
  async runOnce(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass()
      .catch((err: unknown) => this.deps.log.warn({ err }, 'outbox: pass failed'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), Math.max(0, Math.min(delayMs, this.deps.pollMs ?? 30_000)));
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let delay = this.deps.pollMs ?? 30_000;
    try {
      await this.runOnce();
      const next = await this.deps.outbox.nextDue();
      if (next) delay = next.getTime() - this.now().getTime();
    } catch (err) {
      this.deps.log.warn({ err }, 'outbox: pass failed');
      delay = 5_000;
    }
    this.schedule(delay);
  }

  private async recover(): Promise<void> {
    const recovered = await this.deps.outbox.recoverInterrupted(this.now(), this.deps.shared ?? false);
    if (recovered) this.deps.log.info({ recovered }, 'outbox: resuming messages interrupted by a restart');
  }

  private async pass(): Promise<void> {
    if (this.deps.shared) await this.recover();
    do {
      this.again = false;
      const ids = await this.deps.outbox.dueIds(this.now(), BATCH);
      await Promise.all(
        ids.map(async (id) => {
          const now = this.now();
          const until = new Date(now.getTime() + (this.deps.claimMs ?? CLAIM_MS));
          const row = await this.deps.outbox.claim(id, now, this.owner, until);
          if (row) await this.deliver(row);
        }),
      );
      if (ids.length === BATCH) this.again = true;
    } while (this.again && !this.stopped);
    await this.cleanup();
  }

  private async deliver(row: OutboxRow): Promise<void> {
    let account: MailAccount;
    try {
      if (row.rawSize === null || !row.sealedAccount) throw new Error('message or credentials missing');
      account = openAccount(row.sealedAccount, this.deps.serverSecret, row.id, row.accountId);
    } catch {
      // e.g. SESSION_SECRET changed: the stored login cannot be opened any more
      await this.deps.outbox.markFailed(row.id, {
        code: 'compose.auth_failed',
        message: 'The stored login for this message could not be read. Open it and send it again.',
      });
      return;
    }
    let raw: Buffer;
    try {
      // a chunk per query: the loop stays free for other requests while a large message is read (decision 010)
      const read = await this.deps.outbox.readMessage(row);
      if (!read) throw new Error('message missing');
      raw = read;
    } catch (err) {
      // nothing was sent: retried like any unexpected failure, and reported once the attempts are used up
      return this.failed(row, err, false);
    }
    const session: AuthedSession = {
      sessionId: `outbox:${row.id}`,
      userId: row.userId,
      email: account.email,
      account,
      accounts: [account],
    };
    try {
      await this.attempt(row, session, raw);
    } finally {
      await this.deps.release(session.sessionId).catch(() => {});
    }
  }

  private async attempt(row: OutboxRow, session: AuthedSession, raw: Buffer): Promise<void> {
    const step = async (name: SendStep) => this.hooks.step?.(name, row);
    await step('claimed');
    // a crash after the 250: the message is out, only the Sent copy and the record are left to do
    if (row.acceptedAt) return this.finish(row, session, raw, this.warningOf(row), true);
    try {
      if (row.committingAt) return await this.resolveUncertain(row, session);
      // an earlier attempt may have been filed by the server itself (SMTP_SAVES_SENT) or by an older Pigeon
      if (row.attempts > 1 && (await this.inSent(session, row.messageId))) {
        this.deps.log.info({ id: row.id }, 'outbox: already in Sent, not sending again');
        return await this.recordSent(row, session, null);
      }
    } catch (err) {
      return this.failed(row, err, false);
    }
    let committed = false;
    let accepted: Awaited<ReturnType<SendRaw>>;
    try {
      accepted = await this.deps.send(
        session.account,
        { from: row.envelopeFrom, to: row.envelopeTo },
        withoutBcc(raw),
        async () => {
          await this.deps.outbox.markCommitting(row.id, this.now());
          committed = true;
          await step('committing');
        },
      );
    } catch (err) {
      return this.failed(row, err, committed, session.account.password);
    }
    await step('answered');
    // from here on the message is out: recorded first, so that nothing below can lead to sending it again
    const warning = accepted.rejected.length
      ? {
          code: 'compose.recipient_rejected',
          message: accepted.rejected.map((r) => r.response || r.address).join('\n'),
        }
      : null;
    await this.deps.outbox
      .markAccepted(row.id, this.now(), warning)
      .catch((err: unknown) => this.deps.log.warn({ id: row.id, err }, 'outbox: recording the 250 failed'));
    await step('accepted');
    await this.finish(row, session, raw, warning, false);
  }

  /** After the 250: the Sent copy (once: a recovered row looks first), then the record. */
  private async finish(
    row: OutboxRow,
    session: AuthedSession,
    raw: Buffer,
    accepted: { code: string; message: string } | null,
    recovered: boolean,
  ): Promise<void> {
    let warning = accepted;
    if (row.saveToSent) {
      try {
        if (!recovered || !(await this.inSent(session, row.messageId)))
          await this.deps.mail(session).append({ folder: { role: 'sent' }, raw, flags: ['\\Seen'] });
      } catch (err) {
        this.deps.log.warn(
          { id: row.id, code: (err as { code?: string }).code },
          'outbox: sent, but the copy in Sent failed',
        );
        warning ??= {
          code: 'mail.operation_failed',
          message: 'Sent, but the copy could not be saved in the Sent folder.',
        };
      }
    }
    await this.hooks.step?.('filed', row);
    await this.recordSent(row, session, warning);
  }

  private async recordSent(
    row: OutboxRow,
    session: AuthedSession,
    warning: { code: string; message: string } | null,
  ): Promise<void> {
    await this.deps.outbox.markSent(row.id, this.now(), warning);
    await this.hooks.step?.('sent', row);
    await this.afterSent(row, session);
  }

  /**
   * A crash (or a broken connection) after the end of DATA was released and before a 250 was recorded: sent only
   * if the server filed it in Sent itself; otherwise the user decides, since sending again may deliver it twice.
   */
  private async resolveUncertain(row: OutboxRow, session: AuthedSession): Promise<void> {
    if (await this.inSent(session, row.messageId)) {
      this.deps.log.info({ id: row.id }, 'outbox: found in Sent after an interrupted commit');
      return this.recordSent(row, session, null);
    }
    this.deps.log.warn({ id: row.id }, 'outbox: interrupted while the server was taking it; not sent again');
    await this.deps.outbox.markFailed(row.id, MAYBE_SENT);
  }

  private async failed(row: OutboxRow, err: unknown, committed: boolean, password?: string): Promise<void> {
    const failure = classifySendError(err);
    // no answer to the end of DATA (connection lost, timeout): the server may have taken it
    if (committed && typeof (err as { responseCode?: unknown }).responseCode !== 'number') {
      this.deps.log.warn({ id: row.id, code: failure.code }, 'outbox: no answer to the end of DATA; not sent again');
      await this.deps.outbox.markFailed(row.id, MAYBE_SENT);
      return;
    }
    // a changed password: nothing was sent (AUTH comes before MAIL); wait for the user to sign in again
    if (failure.code === WAITING_FOR_SIGN_IN && password !== undefined && row.attempts < MAX_ATTEMPTS) {
      await this.deps.outbox.markRetry(row.id, new Date(this.now().getTime() + SIGN_IN_WAIT_MS), failure, true);
      this.deps.log.info({ id: row.id }, 'outbox: login refused, waiting for a new sign-in');
      this.deps.onLoginRefused?.({ userId: row.userId, accountId: row.accountId }, password);
      return;
    }
    if (failure.transient && row.attempts < MAX_ATTEMPTS) {
      const delay = (this.deps.retryDelay ?? retryDelay)(row.attempts);
      await this.deps.outbox.markRetry(row.id, new Date(this.now().getTime() + delay), failure, committed);
      this.deps.log.info({ id: row.id, attempts: row.attempts, code: failure.code }, 'outbox: will retry');
    } else {
      await this.deps.outbox.markFailed(row.id, failure);
    }
  }

  private warningOf(row: OutboxRow): { code: string; message: string } | null {
    return row.errorCode === 'compose.recipient_rejected'
      ? { code: row.errorCode, message: row.errorMessage ?? '' }
      : null;
  }

  private async inSent(session: AuthedSession, messageId: string): Promise<boolean> {
    const mail = this.deps.mail(session);
    const sent = await mail.roleFolder('sent');
    if (!sent) return false;
    return (await mail.searchHeader(sent, 'Message-ID', messageId)).length > 0;
  }

  /** Best effort: flag the answered/forwarded original, drop the draft's copies and the uploads. */
  private async afterSent(row: OutboxRow, session: AuthedSession): Promise<void> {
    const { draft } = row;
    const warn = (what: string) => (err: unknown) =>
      this.deps.log.warn({ id: row.id, code: (err as { code?: string }).code }, `outbox: ${what} failed`);
    const mail = this.deps.mail(session);
    if (draft.source) {
      const flag = draft.source.kind === 'reply' ? '\\Answered' : '$Forwarded';
      await mail.addFlags(draft.source.path, [draft.source.uid], [flag]).catch(warn('flagging the original'));
    }
    await mail.deleteDraft(draft.draftId).catch(warn('removing the draft'));
    await this.deps.uploads
      .remove(
        row.userId,
        draft.attachments.map((a) => a.id),
      )
      .catch(warn('removing uploads'));
  }

  private async cleanup(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = now;
    await this.deps.outbox.removeSentBefore(new Date(now - 86_400_000)).catch(() => {});
    if (this.deps.failedRetentionMs)
      await this.deps.outbox.removeFailedBefore(new Date(now - this.deps.failedRetentionMs)).catch(() => {});
    await this.deps.uploads.removeStale(new Date(now - 7 * 86_400_000)).catch(() => {});
  }
}
