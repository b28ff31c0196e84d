import fp from 'fastify-plugin';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@pigeon/shared';
import type { Config } from '../config.ts';
import type { AuthedSession, MailAccount } from './auth.types.ts';
import { cookieNamesFor, crossSiteReason } from './session.plugin.ts';
import { proxyTrustFn, type TrustFn } from './net/proxy-trust.ts';
import { backoffDelay } from '../imap/backoff.ts';
import { connectImap, imapSizeLimits } from '../imap/connect.ts';
import { LiveSession } from '../imap/live-session.ts';
import { LiveSessions } from '../imap/live-sessions.ts';
import { createRedisLease } from '../imap/live-lease.ts';
import { changesSince } from '../features/sync/sync.service.ts';

/** Between instances (REDIS_URL): a device of `userId` connected, left or changed folder; `socketId` is new. */
interface InterServerEvents {
  'live.devices': (userId: string, socketId: string | null) => void;
  /** a sign-in verified the user's login (no secret travels: the holder already has the password when it is the same) */
  'live.signedIn': (userId: string, samePassword: boolean) => void;
}

export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  { auth: AuthedSession; watching?: string | null }
>;

declare module 'fastify' {
  interface FastifyInstance {
    /** socket.io on the app's HTTP server: one room per user (`roomOf(userId)`) */
    io: RealtimeServer;
    /** per-user live IMAP sessions (watcher in IDLE + NOTIFY), shared by all of a user's devices */
    live: LiveSessions;
  }
}

export const roomOf = (userId: string) => `user:${userId}`;
export const liveSessionId = (userId: string) => `live:${userId}`;

/** The protocol and host a handshake was made to, as Fastify's request.protocol/host: proxy headers only from a
 * trusted peer, and the entry that peer added (the last). */
export function handshakeOrigin(
  req: IncomingMessage,
  trust: TrustFn | false,
): { protocol: 'http' | 'https'; host: string } {
  const fromProxy = trust !== false && trust(req.socket.remoteAddress ?? '', 0);
  const forwarded = (name: string) => {
    const v = req.headers[name];
    return fromProxy && typeof v === 'string' ? v.slice(v.lastIndexOf(',') + 1).trim() : undefined;
  };
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const protocol =
    forwarded('x-forwarded-proto') === 'https' || (!forwarded('x-forwarded-proto') && encrypted) ? 'https' : 'http';
  return { protocol, host: forwarded('x-forwarded-host') ?? req.headers.host ?? '' };
}

/** Why a WebSocket handshake is refused (no or foreign Origin), or null. Same rules as state-changing /api requests. */
export function handshakeRefusal(req: IncomingMessage, trust: TrustFn | false): string | null {
  if (typeof req.headers.origin !== 'string') return 'no Origin header';
  return crossSiteReason({ headers: req.headers, ...handshakeOrigin(req, trust) });
}

/**
 * socket.io on the same HTTP server as Fastify. A socket is accepted only with a valid session cookie and the app's
 * own Origin; it joins its user's room, so no event ever reaches another user. Closed (sockets, then IMAP) on close.
 */
export const realtimePlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    const trust = proxyTrustFn(config.trustProxy);
    const io: RealtimeServer = new Server(app.server, {
      path: REALTIME_PATH,
      transports: ['websocket'],
      serveClient: false,
      allowRequest: (req, callback) => callback(null, handshakeRefusal(req, trust) === null),
    });
    const tls = {
      caFile: config.mailTlsCaFile,
      rejectUnauthorized: config.mailTlsRejectUnauthorized,
      connectTimeoutMs: config.mailConnectTimeoutMs,
    };
    const asSession = (userId: string, account: MailAccount): AuthedSession => ({
      sessionId: liveSessionId(userId),
      userId,
      email: account.email,
      account,
    });

    const redis = app.redis;
    const adapterClients = redis ? [redis.duplicate(), redis.duplicate()] : [];
    if (redis) {
      for (const c of adapterClients) c.on('error', () => {}); // logged by the main client; they reconnect alone
      await Promise.all(adapterClients.map((c) => c.connect()));
      io.adapter(createAdapter(adapterClients[0], adapterClients[1], { key: 'pigeon:socket.io' }));
    }

    // the lease holder learns every device of the user (any instance) and tells a new one the session's state
    const learnDevices = async (userId: string, socketId: string | null) => {
      const session = live.running(userId);
      if (!session) return;
      const sockets = await io.in(roomOf(userId)).fetchSockets();
      live.setViewers(userId, new Map(sockets.map((s) => [s.id, s.data.watching ?? null])));
      if (socketId) io.to(socketId).emit('session.stateChanged', { state: session.state });
    };
    const devicesChanged = (userId: string, socketId: string | null) => {
      if (redis && !live.running(userId)) io.serverSideEmit('live.devices', userId, socketId);
    };

    const live = new LiveSessions({
      lingerMs: config.live.lingerMs,
      lease: redis ? createRedisLease(redis, randomUUID(), config.live.leaseMs) : undefined,
      announceSignIn: redis ? (userId, same) => io.serverSideEmit('live.signedIn', userId, same) : undefined,
      onTaken: (userId) => {
        app.log.info({ userId }, 'live session: lease taken');
        void learnDevices(userId, null).catch(() => {});
      },
      log: app.log,
      emit: (userId, event, payload) => {
        app.metrics.countPushEvent(event);
        io.to(roomOf(userId)).emit(event, payload as never);
      },
      onClosed: (userId) => void app.imap.release(liveSessionId(userId)).catch(() => {}),
      create: (userId, account, emit) =>
        new LiveSession({
          account,
          emit,
          connectWatcher:
            config.live.maxConnectionsPerUser >= 2
              ? (a) =>
                  connectImap({ login: a.login, password: a.password, server: a.imap }, tls, {
                    maxIdleTime: config.live.idleRestartMs,
                    ...imapSizeLimits(config.reading.imapMaxLiteralBytes, config.reading.imapMaxResponseBytes),
                  })
              : null,
          sync: (path, since) =>
            app.imap.withMailbox(asSession(userId, account()), path, (client) =>
              changesSince({ client, path, since, snapshots: app.syncSnapshots, owner: userId, rows: false }),
            ),
          listCounts: () =>
            app.imap.withClient(asSession(userId, account()), async (client) => {
              const entries = await client.list({ statusQuery: { messages: true, unseen: true } });
              return entries
                .filter((e) => e.status)
                .map((e) => ({ path: e.path, total: e.status?.messages ?? 0, unread: e.status?.unseen ?? 0 }));
            }),
          backoff: (attempt) => backoffDelay(attempt),
          pollMs: config.live.pollMs,
          log: app.log,
        }),
    });

    io.use((socket, next) => {
      const cookies = app.parseCookie(socket.request.headers.cookie ?? '');
      const { protocol } = handshakeOrigin(socket.request, trust);
      app.sessions
        .resolve(cookies[cookieNamesFor(config.cookieSecure, protocol).session])
        .then((auth) => {
          if (!auth) return next(new Error('auth.not_signed_in'));
          socket.data.auth = auth;
          next();
        })
        .catch(() => next(new Error('internal.error')));
    });

    io.on('connection', (socket) => {
      const auth = socket.data.auth;
      void socket.join(roomOf(auth.userId));
      const state = live.attach(auth, socket.id);
      if (state) socket.emit('session.stateChanged', { state });
      else devicesChanged(auth.userId, socket.id);
      socket.on('mailbox.watch', (path) => {
        if (path === null || (typeof path === 'string' && path.length > 0 && path.length <= 1000)) {
          socket.data.watching = path;
          live.view(auth.userId, socket.id, path);
          devicesChanged(auth.userId, null);
        }
      });
      socket.on('disconnect', () => {
        live.detach(auth.userId, socket.id);
        devicesChanged(auth.userId, null);
      });
    });
    io.on('live.devices', (userId, socketId) => {
      void learnDevices(userId, socketId).catch((err: unknown) =>
        app.log.warn({ err: { message: (err as Error).message } }, 'realtime: fetching the devices failed'),
      );
    });

    io.on('live.signedIn', (userId, samePassword) => live.signedInElsewhere(userId, samePassword === true));

    app.decorate('io', io);
    app.decorate('live', live);
    // upgraded sockets are not HTTP requests: without this, closing the HTTP server would wait for them. Closing the
    // transports (not disconnectSockets, which tells clients to stay away) makes browsers reconnect to the next process.
    app.addHook('preClose', async () => {
      io.engine.close();
    });
    app.addHook('onClose', async () => {
      await live.closeAll();
      await Promise.all(adapterClients.map((c) => c.close().catch(() => {})));
    });
  },
  { name: 'realtime', dependencies: ['imap', 'pigeon-session'] },
);
