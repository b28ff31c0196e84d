import { AppError } from '../core/app-error.ts';

export const conversationNotFound = () =>
  new AppError(404, 'conversation.not_found', 'This conversation is no longer in this folder.');
export const conversationFailed = () =>
  new AppError(502, 'conversation.failed', 'The mail server could not group this folder into conversations.');
