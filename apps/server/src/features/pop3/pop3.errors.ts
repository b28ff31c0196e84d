import { AppError } from '../../core/app-error.ts';

export const pop3Errors = {
  notPop3: () => new AppError(409, 'pop3.not_pop3', 'This account reads its mail over IMAP: it has no POP3 options.'),
};
