import { EXPORT_MAX_BYTES, EXPORT_MAX_MESSAGES } from '@pigeon/shared';
import { AppError } from '../../core/app-error.ts';

export const exportTooLarge = () =>
  new AppError(
    413,
    'message.export_too_large',
    `At most ${EXPORT_MAX_MESSAGES} messages or ${EXPORT_MAX_BYTES} bytes can be downloaded at once.`,
    { details: { maxMessages: EXPORT_MAX_MESSAGES, maxBytes: EXPORT_MAX_BYTES } },
  );
