import { AppError } from '../core/app-error.ts';

export const searchTooLong = (field: string, max: number) =>
  new AppError(400, 'search.too_long', `The search text is longer than ${max} characters.`, {
    field,
    details: { max },
  });
export const invalidDate = (field: string) =>
  new AppError(
    400,
    'search.invalid_date',
    'Dates are written YYYY-MM-DD, and the range must not end before it starts.',
    {
      field,
    },
  );
export const searchFailed = () =>
  new AppError(502, 'search.failed', 'The mail server could not run this search. Try other words.');
export const searchCancelled = () => new AppError(499 as number, 'search.cancelled', 'The search was cancelled.');
export const anchorGone = () =>
  new AppError(409, 'list.anchor_gone', 'The list changed while it was being read. Load it again from the top.');
