import { io, type Socket } from 'socket.io-client';
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@pigeon/shared';

/** The one typed socket.io connection of the app (same origin, WebSocket only, session cookie). */
export type PigeonSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Creates the socket without connecting; it reconnects by itself with jittered exponential backoff. */
export function createSocket(): PigeonSocket {
  return io({
    path: REALTIME_PATH,
    transports: ['websocket'],
    autoConnect: false,
    reconnectionDelay: 500,
    reconnectionDelayMax: 10_000,
    randomizationFactor: 0.5,
  });
}
