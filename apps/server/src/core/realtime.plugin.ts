import fp from 'fastify-plugin';
import type { IncomingMessage } from 'node:http';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@pigeon/shared';
import type { Config } from '../config.ts';
import type { AuthedSession, SocketIdentity } from './auth.types.ts';
import { cookieNamesFor, crossSiteReason } from './session.plugin.ts';
import { proxyTrustFn, type TrustFn } from './net/proxy-trust.ts';

/** Between instances (REDIS_URL): a device of `userId` connected, left or changed folder; `socketId` is new. */
interface InterServerEvents {
  'live.devices': (userId: string, socketId: string | null) => void;
  /** a sign-in verified the account's login (no secret travels: the holder already has the password when it is the same) */
  'live.signedIn': (accountId: string, samePassword: boolean) => void;
}

/** What a socket carries (it travels between instances with the Redis adapter): ids, never a password. */
export interface SocketData extends SocketIdentity {
  /** the accounts this device holds, the primary first */
  accountIds: string[];
  /** the folder this device shows (null: none), in one of its accounts */
  watching?: { accountId: string; path: string | null } | null;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

declare module 'fastify' {
  interface FastifyInstance {
    /** socket.io on the app's HTTP server: one room per user (`roomOf(userId)`) */
    io: RealtimeServer;
  }
}

export const roomOf = (userId: string) => `user:${userId}`;

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
 * own Origin; it joins its user's room, so no event ever reaches another user. The account layer (`app.live`) owns the
 * mail connections; this plugin only attaches devices to it and forwards its events to rooms.
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
    const live = app.live;

    const redis = app.redis;
    const adapterClients = redis ? [redis.duplicate(), redis.duplicate()] : [];
    if (redis) {
      for (const c of adapterClients) c.on('error', () => {}); // logged by the main client; they reconnect alone
      await Promise.all(adapterClients.map((c) => c.connect()));
      io.adapter(createAdapter(adapterClients[0], adapterClients[1], { key: 'pigeon:socket.io' }));
    }

    // the lease holder learns every device of the account (any instance) and tells a new one the watcher's state
    const learnDevices = async (userId: string, accountId: string, socketId: string | null) => {
      const watcher = live.running(accountId);
      if (!watcher) return;
      const sockets = (await io.in(roomOf(userId)).fetchSockets()).filter((s) =>
        s.data.accountIds?.includes(accountId),
      );
      const folderOf = (d: SocketData) => (d.watching?.accountId === accountId ? d.watching.path : null);
      live.setViewers(accountId, new Map(sockets.map((s) => [s.id, folderOf(s.data)])));
      if (socketId && sockets.some((s) => s.id === socketId))
        io.to(socketId).emit('account.stateChanged', { state: watcher.state, accountId });
    };
    const learnAll = (userId: string, socketId: string | null) => {
      for (const ref of live.accountsOf(userId))
        void learnDevices(userId, ref.accountId, socketId).catch((err: unknown) =>
          app.log.warn({ err: { message: (err as Error).message } }, 'realtime: fetching the devices failed'),
        );
    };
    const devicesChanged = (userId: string, socketId: string | null) => {
      if (redis) io.serverSideEmit('live.devices', userId, socketId);
    };

    app.accountEvents.onEvent((ref, event, payload) => {
      app.metrics.countPushEvent(event);
      io.to(roomOf(ref.userId)).emit(event, ...([payload] as never));
    });
    app.accountEvents.onTaken((ref) => void learnDevices(ref.userId, ref.accountId, null).catch(() => {}));
    if (redis)
      app.accountEvents.onSignedIn((ref, samePassword) =>
        io.serverSideEmit('live.signedIn', ref.accountId, samePassword),
      );
    io.on('live.signedIn', (accountId, samePassword) => live.signedInElsewhere(accountId, samePassword === true));

    // the resolved session (with its passwords) stays in this process, between the handshake and 'connection'
    const handshakes = new WeakMap<object, AuthedSession>();
    io.use((socket, next) => {
      const cookies = app.parseCookie(socket.request.headers.cookie ?? '');
      const { protocol } = handshakeOrigin(socket.request, trust);
      app.sessions
        .resolve(cookies[cookieNamesFor(config.cookieSecure, protocol).session])
        .then((auth) => {
          if (!auth) return next(new Error('auth.not_signed_in'));
          handshakes.set(socket, auth);
          socket.data = {
            sessionId: auth.sessionId,
            userId: auth.userId,
            expiresAt: auth.expiresAt?.toISOString() ?? null,
            accountIds: auth.accounts.map((a) => a.id),
            watching: null,
          };
          next();
        })
        .catch(() => next(new Error('internal.error')));
    });

    io.on('connection', (socket) => {
      const auth = handshakes.get(socket);
      handshakes.delete(socket);
      const { userId } = socket.data;
      void socket.join(roomOf(userId));
      if (auth) {
        const states = live.attach(auth, socket.id);
        for (const s of states) socket.emit('account.stateChanged', s);
        // an account whose watcher runs on another instance: that holder tells this device
        if (states.length < auth.accounts.length) devicesChanged(userId, socket.id);
      }
      socket.on('mailbox.watch', (path, accountId) => {
        const validPath = path === null || (typeof path === 'string' && path.length > 0 && path.length <= 1000);
        // only an account this device holds (another user's id is ignored like an unknown one); absent: the primary
        const account = accountId === undefined ? socket.data.accountIds[0] : accountId;
        if (!validPath || typeof account !== 'string' || !socket.data.accountIds.includes(account)) return;
        const before = socket.data.watching;
        if (before && before.accountId !== account) live.view(before.accountId, socket.id, null);
        socket.data.watching = { accountId: account, path };
        live.view(account, socket.id, path);
        devicesChanged(userId, null);
      });
      socket.on('disconnect', () => {
        live.detach(userId, socket.id);
        devicesChanged(userId, null);
      });
    });
    io.on('live.devices', (userId, socketId) => learnAll(userId, socketId));

    app.decorate('io', io);
    // upgraded sockets are not HTTP requests: without this, closing the HTTP server would wait for them. Closing the
    // transports (not disconnectSockets, which tells clients to stay away) makes browsers reconnect to the next process.
    app.addHook('preClose', async () => {
      io.engine.close();
    });
    app.addHook('onClose', async () => {
      await Promise.all(adapterClients.map((c) => c.close().catch(() => {})));
    });
  },
  { name: 'realtime', dependencies: ['imap', 'pigeon-session'] },
);
