import { AppError } from '../../core/app-error.ts';

export const outboxNotFound = () => new AppError(404, 'outbox.not_found', 'This message is no longer in the outbox.');
export const tooLate = () =>
  new AppError(409, 'compose.too_late', 'The message is already being sent and can no longer be changed.');
