import { AppError } from '../core/app-error.ts';

export const messageNotFound = (uid: number) =>
  new AppError(
    404,
    'message.not_found',
    `Message ${uid} does not exist in this folder (it may have been moved or deleted).`,
  );
export const attachmentNotFound = () =>
  new AppError(404, 'message.attachment_not_found', 'This attachment does not exist.');
export const attachmentTooLarge = (maxBytes: number) =>
  new AppError(
    413,
    'message.attachment_too_large',
    `This file is larger than the ${maxBytes} bytes this server hands out (ATTACHMENT_MAX_BYTES).`,
    { details: { maxBytes } },
  );
export const attachedMessageTooLarge = (maxBytes: number) =>
  new AppError(
    413,
    'message.attached_too_large',
    `This attached message is larger than the ${maxBytes} bytes the reader shows (MESSAGE_DISPLAY_MAX_BYTES). Download it instead.`,
    { details: { maxBytes } },
  );
export const readersBusy = () =>
  new AppError(503, 'message.busy', 'The server is busy opening other messages. Try again in a moment.');
export const messageTooComplex = () =>
  new AppError(422, 'message.too_complex', 'This message took too long to read. Download it as a file instead.');
export const invalidAction = (message: string) => new AppError(400, 'message.invalid_action', message);
