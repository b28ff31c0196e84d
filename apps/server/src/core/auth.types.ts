import type { ServerEndpoint } from './net/server-endpoint.ts';

/** The protocol of an account's incoming server. */
export type MailProtocol = 'imap' | 'pop3';

/** What is needed to talk to one mail account's servers; the password only ever lives in memory decrypted. */
export interface MailAccount {
  /** the Account row's id: every connection, lease, room event and route of the account is keyed by it */
  id: string;
  email: string;
  protocol: MailProtocol;
  /** IMAP/POP3/SMTP login name (the address unless the servers say otherwise) */
  login: string;
  password: string;
  /** the IMAP or POP3 server (per `protocol`) */
  incoming: ServerEndpoint;
  smtp: ServerEndpoint;
}

/** The signed-in session behind a request (set by the api-auth hook through `app.authenticate`). */
export interface AuthedSession {
  sessionId: string;
  userId: string;
  email: string;
  /** the primary account (the one the user signs in with) */
  account: MailAccount;
  /** every account of the user this session holds a password for, the primary first */
  accounts: MailAccount[];
  /** when a cookie session ends (absent for internal sessions: the live watcher, the outbox) */
  expiresAt?: Date;
}

/** What a socket keeps (socket.data travels between instances through the Redis adapter): ids only, no password. */
export interface SocketIdentity {
  sessionId: string;
  userId: string;
  /** when the cookie session ends */
  expiresAt: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set by `app.authenticate`; null on routes without it */
    auth: AuthedSession | null;
  }
  interface FastifyInstance {
    /** preHandler: 401 auth.not_signed_in unless the session cookie is valid; sets request.auth */
    authenticate: (request: FastifyRequest) => Promise<void>;
  }
}
