import { AppError } from '../../core/app-error.ts';

/** The accounts feature's errors, each with its stable code. */
export const accountErrors = {
  // the same answer for an id that does not exist and one of another user: ids are not probeable
  notFound: () => new AppError(404, 'account.not_found', 'This mail account does not exist or is not yours.'),
};
