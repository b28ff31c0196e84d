import { Type, type Static } from '@sinclair/typebox';

export const ManualServer = Type.Object({
  host: Type.String({ minLength: 1, maxLength: 253 }),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  /** implicit TLS or STARTTLS: a password typed by a user never travels unencrypted */
  tls: Type.Union([Type.Literal('tls'), Type.Literal('starttls')]),
});

/** "Advanced settings" of the sign-in page: servers typed by the user instead of discovery's. */
export const SignInServers = Type.Object({
  /** the incoming server when the account speaks IMAP (the default) */
  imap: Type.Optional(ManualServer),
  /** the incoming server when the user chose POP3 (`account-protocol`); exactly one of `imap` and `pop3` */
  pop3: Type.Optional(ManualServer),
  smtp: ManualServer,
  /** the IMAP/SMTP username; only the address itself or its local part (see loginFitsAddress) */
  login: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
});
export type SignInServers = Static<typeof SignInServers>;
export type ManualServer = Static<typeof ManualServer>;

/** POST /api/auth/sign-in. Field-level 400s: `validation.invalid_email` (email), `validation.required` (password). */
export const SignInBody = Type.Object({
  email: Type.String({ maxLength: 320 }),
  password: Type.String({ maxLength: 1024 }),
  /** manual servers; refused (`mail.server_not_allowed`) when the policy does not let them vouch for the address */
  servers: Type.Optional(SignInServers),
  /**
   * the folder the device shows first: the answer carries every folder and this folder's newest page, read on the
   * sign-in's own IMAP connection (decision 036); a folder that cannot be read is left out, never an error
   */
  firstPage: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
});
export type SignInBody = Static<typeof SignInBody>;

/**
 * Can `login` stand for `email`: the address itself or its local part (case-insensitive)? A Pigeon account is
 * the address, so any other username could sign in as someone else's address with one's own mailbox password.
 */
export function loginFitsAddress(login: string, email: string): boolean {
  const l = login.trim().toLowerCase();
  const e = email.trim().toLowerCase();
  return l === e || l === e.slice(0, e.lastIndexOf('@'));
}

/** The signed-in user, returned by sign-in and GET /api/auth/session. */
export const SessionInfo = Type.Object({
  email: Type.String(),
  /** the primary account (the address signed in with): the id of its `/api/accounts/:accountId/...` routes */
  accountId: Type.String(),
  /** the primary account's incoming protocol: a POP3 account's mail is checked (pop3 routes), not pushed */
  protocol: Type.Union([Type.Literal('imap'), Type.Literal('pop3')]),
  csrfToken: Type.String(),
});
export type SessionInfo = Static<typeof SessionInfo>;

/** GET /api/auth/csrf: a token for the `x-csrf-token` header of every state-changing request. */
export const CsrfToken = Type.Object({ csrfToken: Type.String() });
export type CsrfToken = Static<typeof CsrfToken>;

export const CSRF_HEADER = 'x-csrf-token';
