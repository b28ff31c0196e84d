import { io, type Socket } from 'socket.io-client';
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@pigeon/shared';

/** The one typed socket.io connection of the app (same origin, WebSocket only, session cookie). */
export type PigeonSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Reconnect timing: the first try after 125–375 ms, then at most 500 ms apart, so a device tries the restarted server
 * within half a second of it being ready (a Pigeon restart). The jitter of the first two tries spreads the devices
 * over that half second instead of all hitting the new process at once (see decision 007, "Reconnecting").
 */
export const RECONNECT = { reconnectionDelay: 250, reconnectionDelayMax: 500, randomizationFactor: 0.5 } as const;

/** Creates the socket without connecting; it reconnects by itself (RECONNECT). */
export function createSocket(): PigeonSocket {
  return io({
    path: REALTIME_PATH,
    transports: ['websocket'],
    autoConnect: false,
    ...RECONNECT,
  });
}
