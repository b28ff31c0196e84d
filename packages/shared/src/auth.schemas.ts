import { Type, type Static } from '@sinclair/typebox';

/** POST /api/auth/sign-in. Field-level 400s: `validation.invalid_email` (email), `validation.required` (password). */
export const SignInBody = Type.Object({
  email: Type.String({ maxLength: 320 }),
  password: Type.String({ maxLength: 1024 }),
});
export type SignInBody = Static<typeof SignInBody>;

/** The signed-in user, returned by sign-in and GET /api/auth/session. */
export const SessionInfo = Type.Object({
  email: Type.String(),
  csrfToken: Type.String(),
});
export type SessionInfo = Static<typeof SessionInfo>;

/** GET /api/auth/csrf: a token for the `x-csrf-token` header of every state-changing request. */
export const CsrfToken = Type.Object({ csrfToken: Type.String() });
export type CsrfToken = Static<typeof CsrfToken>;

export const CSRF_HEADER = 'x-csrf-token';
