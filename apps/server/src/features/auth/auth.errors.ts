import { AppError } from '../../core/app-error.ts';
import { sessionErrors } from '../../core/session.errors.ts';

/** The auth feature's errors, each with its stable code. */
export const authErrors = {
  invalidEmail: () => new AppError(400, 'validation.invalid_email', 'Enter a valid email address.', { field: 'email' }),
  passwordRequired: () => new AppError(400, 'validation.required', 'Enter your password.', { field: 'password' }),
  noServerForDomain: (domain: string) =>
    new AppError(400, 'mail.no_server_for_domain', `This server does not serve addresses at ${domain}.`, {
      field: 'email',
      details: { domain },
    }),
  /** the session probe signed out: the CSRF token the sign-in form sends comes with it (decision 024 round 8) */
  signedOut: (csrfToken: string) =>
    new AppError(401, 'auth.not_signed_in', 'You are not signed in.', { details: { csrfToken } }),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(429, 'auth.rate_limited', `Too many failed sign-ins. Try again in ${retryAfterSeconds} seconds.`, {
      details: { retryAfterSeconds },
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
  tooManySessions: (max: number) =>
    new AppError(
      429,
      'auth.too_many_sessions',
      `This address is signed in on ${max} devices already. Sign out on one of them, then try again.`,
      { details: { max } },
    ),
  serverFull: () =>
    new AppError(503, 'auth.server_full', 'This server has as many signed-in users as it can serve. Try again later.', {
      headers: { 'retry-after': '60' },
    }),
  ...sessionErrors,
};
