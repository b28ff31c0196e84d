// A socket.io client as the web app opens it (session cookie + Origin), recording every event it receives.
import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';
import { REALTIME_PATH, type ClientToServerEvents, type ServerToClientEvents } from '@pigeon/shared';

export type EventName = keyof ServerToClientEvents;
export interface Received {
  event: EventName;
  payload: Record<string, unknown>;
}

export interface TestSocket {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  events: Received[];
  /** the payloads of `event`, without the account id every event carries (see `accountIds`) */
  of<E extends EventName>(event: E): Omit<Parameters<ServerToClientEvents[E]>[0], 'accountId'>[];
  /** every account id the received events named */
  accountIds(): Set<string>;
  close(): void;
}

const EVENTS: EventName[] = [
  'message.added',
  'message.removed',
  'message.flagsChanged',
  'mailbox.countsChanged',
  'mailbox.listChanged',
  'account.stateChanged',
  'pop3.checkProgressed',
  'accounts.changed',
];

/** The app's address once it listens on 127.0.0.1 (socket.io needs a real HTTP server). */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

/** Connects like a browser of `origin`; rejects with the server's reason when the handshake is refused. */
export function connectSocket(url: string, cookie: string | null, origin: string | null = url): Promise<TestSocket> {
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (origin) headers.origin = origin;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    path: REALTIME_PATH,
    transports: ['websocket'],
    extraHeaders: headers,
    reconnection: false,
    timeout: 10_000,
  });
  const events: Received[] = [];
  for (const event of EVENTS)
    socket.on(event, ((payload: Record<string, unknown>) => events.push({ event, payload })) as never);
  return new Promise((resolve, reject) => {
    socket.once('connect', () =>
      resolve({
        socket,
        events,
        of: (event) =>
          events
            .filter((e) => e.event === event)
            .map(({ payload: { accountId: _accountId, ...rest } }) => rest) as never,
        accountIds: () => new Set(events.map((e) => String(e.payload.accountId))),
        close: () => socket.close(),
      }),
    );
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}
