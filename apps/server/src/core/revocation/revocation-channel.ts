import pg from 'pg';
import { backoffDelay } from '../../imap/backoff.ts';

/** The PostgreSQL channel every instance (and the admin CLI) notifies when sessions of a user were ended. */
export const REVOCATION_CHANNEL = 'pigeon_session_revoked';

/** A user id is the whole payload: listeners re-check that user's sessions against the database. */
export const revocationNotice = (userId: string): string => userId;

/** Something that can run `SELECT pg_notify(...)`: Prisma's `$executeRawUnsafe` or a pg client. */
export interface RawSql {
  $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number>;
}

/** Tells every listening instance that some sessions of these users ended (in the caller's database). */
export async function notifyRevoked(db: RawSql, userIds: Iterable<string>): Promise<void> {
  for (const userId of new Set(userIds))
    await db.$executeRawUnsafe(`SELECT pg_notify('${REVOCATION_CHANNEL}', $1)`, revocationNotice(userId));
}

export interface RevocationListener {
  close(): Promise<void>;
}

/**
 * LISTENs on its own connection (never a pooled one). `onNotice(userId)` per notification; `onConnected()` after each
 * (re)connect, since notifications sent while the connection was down are lost and the caller must re-check everything;
 * `onLost()` when a listening connection fails (not after `close()`).
 * Invariant: reconnects with backoff until closed; never throws into the caller.
 */
export function listenForRevocations(opts: {
  url: string;
  onNotice: (userId: string) => void;
  onConnected: () => void;
  onLost?: () => void;
  log: { warn: (obj: object, msg: string) => void };
}): RevocationListener {
  let client: pg.Client | null = null;
  let closed = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: opts.url });
    client = c;
    const lost = (err?: Error) => {
      if (client !== c) return;
      client = null;
      c.removeAllListeners();
      c.on('error', () => {});
      void c.end().catch(() => {});
      if (closed) return;
      opts.onLost?.();
      opts.log.warn({ err: { message: err?.message ?? 'connection ended' } }, 'revocation: LISTEN connection lost');
      attempt += 1;
      retry = setTimeout(() => void connect(), backoffDelay(attempt));
      retry.unref();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (n) => {
      if (n.channel === REVOCATION_CHANNEL && n.payload) opts.onNotice(n.payload);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${REVOCATION_CHANNEL}`);
      attempt = 0;
      if (client === c && !closed) opts.onConnected();
    } catch (err) {
      lost(err as Error);
    }
  };
  void connect();

  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => {});
        await c.end().catch(() => {});
      }
    },
  };
}
