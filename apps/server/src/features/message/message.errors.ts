import { AppError } from '../../core/app-error.ts';

export const messageNotFound = (uid: number) =>
  new AppError(
    404,
    'message.not_found',
    `Message ${uid} does not exist in this folder (it may have been moved or deleted).`,
  );
export const attachmentNotFound = () =>
  new AppError(404, 'message.attachment_not_found', 'This attachment does not exist.');
export const invalidAction = (message: string) => new AppError(400, 'message.invalid_action', message);
