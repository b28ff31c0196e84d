import { AppError } from './app-error.ts';

/** Errors of the cookie session and CSRF checks (core), each with its stable code. */
export const sessionErrors = {
  notSignedIn: () => new AppError(401, 'auth.not_signed_in', 'You are not signed in.'),
  csrfInvalid: (why: string) => new AppError(403, 'auth.csrf_invalid', why),
};
