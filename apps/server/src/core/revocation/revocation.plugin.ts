import fp from 'fastify-plugin';
import type { Socket } from 'socket.io';
import type { Database } from '../db/database.ts';
import { roomOf } from '../realtime.plugin.ts';
import { createRevocationRepository } from './revocation.repository.ts';
import { listenForRevocations, notifyRevoked } from './revocation-channel.ts';
import { goneAccounts, msUntilExpiry, planRevocation, type HeldSession } from './revocation-plan.ts';

/** Ends what every instance holds for sessions whose rows are gone (sign-out, expiry, admin, password change). */
export interface Revocation {
  /** Call after deleting session rows of `userId`: their sockets close and their mail connections are released here
   * at once, and on every other instance through PostgreSQL NOTIFY. */
  ended(userId: string): Promise<void>;
  /** Call after deleting an added account of `userId`: every instance closes the connections it held for it. */
  accountRemoved(userId: string): Promise<void>;
  /** Call after adding an account of `userId`: every instance reads the user's sessions from the database again. */
  accountAdded(userId: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    revocation: Revocation;
  }
}

/** expired rows are swept this often (sockets have their own timer; this catches sessions without one) */
const SWEEP_MS = 60_000;

/**
 * Revocation of sessions across processes: a LISTEN connection per instance on `pigeon_session_revoked`; a notice
 * names a user, and the instance re-checks that user's sockets and IMAP sessions against the database
 * (docs/decisions/014-revocation-and-devices.md). Each socket also closes by itself when its session expires.
 */
export const revocationPlugin = fp<{ db: Database }>(
  async (app, { db }) => {
    const repo = createRevocationRepository(app.db);
    const nsp = app.io.of('/');
    const log = app.log.child({ feature: 'revocation' });

    const localSockets = (userId: string): Socket[] =>
      [...(nsp.adapter.rooms.get(roomOf(userId)) ?? [])].flatMap((id) => {
        const s = nsp.sockets.get(id);
        return s ? [s as unknown as Socket] : [];
      });

    const recheck = async (userId: string): Promise<void> => {
      const sockets = localSockets(userId);
      const held: HeldSession[] = [
        ...sockets.map((s) => ({ sessionId: (s.data as { sessionId: string }).sessionId, socketId: s.id })),
        // internal holders (`live:…`, `outbox:…`) have no row: they end with the account's watcher or their send
        ...app.imap
          .sessionsOf(userId)
          .filter((id) => !id.includes(':'))
          .map((sessionId) => ({ sessionId })),
      ];
      const plan = planRevocation(held, await repo.validSessionIds(userId, new Date()));
      const closing = new Set(plan.disconnect);
      for (const s of sockets) if (closing.has(s.id)) s.disconnect(true);
      await Promise.all(plan.release.map((id) => app.imap.release(id)));
      if (plan.closeUser) return app.live.closeUser(userId);
      // an added account removed on another instance: its watcher and command connection here go too
      const heldAccounts = [...app.live.accountsOf(userId).map((a) => a.accountId), ...app.imap.accountIdsOf(userId)];
      if (!heldAccounts.length) return;
      for (const accountId of goneAccounts(heldAccounts, await repo.accountIds(userId))) {
        await app.live.closeAccount(accountId);
        await app.imap.closeAccount(accountId);
      }
    };
    const recheckQuietly = (userId: string) =>
      void recheck(userId).catch((err: unknown) =>
        log.warn({ err: { message: (err as Error).message } }, 'revocation: re-checking a user failed'),
      );

    // notices sent while the LISTEN connection was down are lost: re-check everyone this process holds
    const recheckAll = () => {
      const users = new Set(app.imap.userIds());
      for (const room of nsp.adapter.rooms.keys()) if (room.startsWith('user:')) users.add(room.slice(5));
      for (const userId of users) recheckQuietly(userId);
    };

    // checked sessions are served from memory only while this channel listens (decision 049)
    const checks = app.sessions.checks;
    const listener = listenForRevocations({
      url: db.url,
      onNotice: (userId) => {
        checks.dropUser(userId);
        recheckQuietly(userId);
      },
      onConnected: () => {
        checks.trust();
        recheckAll();
      },
      onLost: () => checks.distrust(),
      log,
    });

    const revocation: Revocation = {
      async ended(userId) {
        checks.dropUser(userId);
        await recheck(userId);
        await notifyRevoked(app.db, [userId]);
      },
      async accountRemoved(userId) {
        checks.dropUser(userId);
        await recheck(userId);
        await notifyRevoked(app.db, [userId]);
      },
      async accountAdded(userId) {
        checks.dropUser(userId);
        await notifyRevoked(app.db, [userId]);
      },
    };
    app.decorate('revocation', revocation);

    const sweep = async () => {
      const users = await repo.deleteExpired(new Date());
      if (users.length) await notifyRevoked(app.db, users);
      for (const userId of users) recheckQuietly(userId);
    };
    const sweeper = setInterval(
      () =>
        void sweep().catch((err: unknown) =>
          log.warn({ err: { message: (err as Error).message } }, 'revocation: sweeping expired sessions failed'),
        ),
      SWEEP_MS,
    );
    sweeper.unref();

    app.io.on('connection', (socket) => {
      const auth = socket.data;
      // a sign-out between the handshake and joining the room would otherwise miss this socket
      recheckQuietly(auth.userId);
      if (!auth.expiresAt) return;
      const expiresAt = new Date(auth.expiresAt);
      let timer: NodeJS.Timeout;
      const arm = () => {
        timer = setTimeout(
          () => {
            if (Date.now() < expiresAt.getTime()) return arm();
            void sweep()
              .then(() => recheck(auth.userId))
              .catch((err: unknown) =>
                log.warn({ err: { message: (err as Error).message } }, 'revocation: ending an expired session failed'),
              );
          },
          msUntilExpiry(expiresAt, Date.now()),
        );
        timer.unref();
      };
      arm();
      socket.on('disconnect', () => clearTimeout(timer));
    });

    app.addHook('onClose', async () => {
      clearInterval(sweeper);
      checks.distrust();
      await listener.close();
    });
  },
  { name: 'revocation', dependencies: ['realtime', 'imap', 'db', 'pigeon-session'] },
);
