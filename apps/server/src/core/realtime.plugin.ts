import fp from 'fastify-plugin';
import type { IncomingMessage } from 'node:http';
import { Server } from 'socket.io';
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@pigeon/shared';
import type { Config } from '../config.ts';
import type { AuthedSession, MailAccount } from './auth.types.ts';
import { crossSiteReason, SESSION_COOKIE } from './session.plugin.ts';
import { backoffDelay } from '../imap/backoff.ts';
import { connectImap } from '../imap/connect.ts';
import { LiveSession } from '../imap/live-session.ts';
import { LiveSessions } from '../imap/live-sessions.ts';
import { changesSince } from '../features/sync/sync.service.ts';

export type RealtimeServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { auth: AuthedSession }
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
const liveSessionId = (userId: string) => `live:${userId}`;

/** Why a WebSocket handshake is refused (no or foreign Origin), or null. Same rules as state-changing /api requests. */
export function handshakeRefusal(req: IncomingMessage, trustProxy: boolean): string | null {
  if (typeof req.headers.origin !== 'string') return 'no Origin header';
  const forwarded = (name: string) => {
    const v = req.headers[name];
    return trustProxy && typeof v === 'string' ? v.split(',')[0]!.trim() : undefined;
  };
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const protocol =
    forwarded('x-forwarded-proto') === 'https' || (!forwarded('x-forwarded-proto') && encrypted) ? 'https' : 'http';
  const host = forwarded('x-forwarded-host') ?? req.headers.host ?? '';
  return crossSiteReason({ headers: req.headers, protocol, host });
}

/**
 * socket.io on the same HTTP server as Fastify. A socket is accepted only with a valid session cookie and the app's
 * own Origin; it joins its user's room, so no event ever reaches another user. Closed (sockets, then IMAP) on close.
 */
export const realtimePlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    const io: RealtimeServer = new Server(app.server, {
      path: REALTIME_PATH,
      transports: ['websocket'],
      serveClient: false,
      allowRequest: (req, callback) => callback(null, handshakeRefusal(req, config.trustProxy) === null),
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

    const live = new LiveSessions({
      lingerMs: config.live.lingerMs,
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
      app.sessions
        .resolve(cookies[SESSION_COOKIE])
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
      socket.on('mailbox.watch', (path) => {
        if (path === null || (typeof path === 'string' && path.length > 0 && path.length <= 1000))
          live.view(auth.userId, socket.id, path);
      });
      socket.on('disconnect', () => live.detach(auth.userId, socket.id));
    });

    app.decorate('io', io);
    app.decorate('live', live);
    // upgraded sockets are not HTTP requests: without this, closing the HTTP server would wait for them. Closing the
    // transports (not disconnectSockets, which tells clients to stay away) makes browsers reconnect to the next process.
    app.addHook('preClose', async () => {
      io.engine.close();
    });
    app.addHook('onClose', async () => {
      await live.closeAll();
    });
  },
  { name: 'realtime', dependencies: ['imap', 'pigeon-session'] },
);
