import { io, type Socket } from 'socket.io-client';
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@pigeon/shared';

/** The one typed socket.io connection of the app (same origin, WebSocket only, session cookie). */
export type PigeonSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The part of a socket the reconnect loop uses (a fake in tests). */
export interface Reconnectable {
  readonly connected: boolean;
  /** false once the server refused the socket (its middleware) or the app disconnected it: then it is not retried */
  readonly active: boolean;
  connect(): unknown;
  on(event: 'disconnect' | 'connect_error' | 'connect', listener: () => void): unknown;
}

/**
 * The wait before probe `attempt` (1-based) of a server that went away: the first after 125–375 ms, then 250–500 ms,
 * so a device tries a restarted server within half a second of it being ready, and the jitter spreads the devices over
 * that half second instead of all hitting the new process at once (decision 007, "Reconnecting"). Pure.
 */
export function retryDelay(attempt: number, random: () => number = Math.random): number {
  return Math.round(attempt <= 1 ? 125 + random() * 250 : 250 + random() * 250);
}

/** Asks the server over HTTP whether it is ready (no cookie needed; never cached). */
export const serverReady = (): Promise<boolean> =>
  fetch('/readyz', { cache: 'no-store', credentials: 'omit' }).then(
    (r) => r.ok,
    () => false,
  );

/**
 * Reconnects a socket that lost its server. The socket itself is tried only once `/readyz` answers: Chromium delays
 * every new WebSocket by 1–5 s once a page's failed WebSocket connects outnumber its successful ones 16 to 1
 * (WebSocketPerProcessThrottler), so trying the socket every half second through a restart made a device wait seconds
 * after the server was back. HTTP requests are not throttled that way. Returns a function that stops the loop.
 */
export function keepConnected(
  socket: Reconnectable,
  ready: () => Promise<boolean> = serverReady,
  random: () => number = Math.random,
): () => void {
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const wanted = () => !stopped && socket.active && !socket.connected;
  const schedule = () => {
    if (timer !== undefined || !wanted()) return;
    attempt += 1;
    timer = setTimeout(
      () => {
        void ready().then((ok) => {
          timer = undefined;
          if (!wanted()) return;
          if (ok) socket.connect();
          else schedule();
        });
      },
      retryDelay(attempt, random),
    );
  };
  socket.on('connect', () => {
    attempt = 0;
  });
  // a refused handshake (session ended) or the app's own disconnect leave the socket inactive: not retried here
  socket.on('disconnect', schedule);
  socket.on('connect_error', schedule);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** Creates the socket without connecting; it reconnects by itself (`keepConnected`), not by socket.io's own loop. */
export function createSocket(): PigeonSocket {
  const socket: PigeonSocket = io({
    path: REALTIME_PATH,
    transports: ['websocket'],
    autoConnect: false,
    reconnection: false,
  });
  keepConnected(socket);
  return socket;
}
