import type { ServerEndpoint } from '../features/autoconfig/server-url.ts';

/** What is needed to talk to a user's mail servers; the password only ever lives in memory decrypted. */
export interface MailAccount {
  email: string;
  /** IMAP/SMTP login name (the address unless the servers say otherwise) */
  login: string;
  password: string;
  imap: ServerEndpoint;
  smtp: ServerEndpoint;
}

/** The signed-in session behind a request (set by the session plugin's `authenticate` preHandler). */
export interface AuthedSession {
  sessionId: string;
  userId: string;
  email: string;
  account: MailAccount;
  /** when a cookie session ends (absent for internal sessions: the live watcher, the outbox) */
  expiresAt?: Date;
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
