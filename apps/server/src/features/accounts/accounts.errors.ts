import { AppError } from '../../core/app-error.ts';

/** The accounts feature's errors (decision 034), each with its stable code. */
export const accountsErrors = {
  alreadyAdded: () =>
    new AppError(409, 'accounts.already_added', 'This address is already one of your accounts.', { field: 'email' }),
  isPrimary: () =>
    new AppError(409, 'accounts.is_primary', 'This is the account you sign in with. It cannot be removed.'),
  tooMany: (max: number) =>
    new AppError(409, 'accounts.too_many', `You have ${max} accounts, the most this server allows.`, {
      details: { max },
    }),
};
