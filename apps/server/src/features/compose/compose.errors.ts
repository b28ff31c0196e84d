import { AppError } from '../../core/app-error.ts';

export const composeErrors = {
  invalidAddress: (field: string, address: string) =>
    new AppError(400, 'compose.invalid_address', `"${address.slice(0, 200)}" is not a valid email address.`, {
      field,
      details: { address: address.slice(0, 200) },
    }),
  noRecipients: () => new AppError(400, 'compose.no_recipients', 'Add at least one recipient.', { field: 'to' }),
  fromNotAllowed: (address: string) =>
    new AppError(403, 'compose.from_not_allowed', `You may not send as ${address.slice(0, 200)}.`, { field: 'email' }),
  tooLarge: (limit: number) =>
    new AppError(413, 'compose.too_large', `Attachments may add up to ${limit} bytes.`, { details: { limit } }),
  quotaExceeded: (quota: number) =>
    new AppError(
      413,
      'compose.quota_exceeded',
      `Your attachments in messages being written may add up to ${quota} bytes; remove some or send those messages first.`,
      { details: { quota } },
    ),
  attachmentNotFound: () =>
    new AppError(404, 'compose.attachment_not_found', 'This attachment is no longer there; attach the file again.'),
};

export const draftNotFound = () => new AppError(404, 'draft.not_found', 'This draft does not exist any more.');
