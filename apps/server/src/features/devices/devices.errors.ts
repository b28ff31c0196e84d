import { AppError } from '../../core/app-error.ts';

export const deviceNotFound = () =>
  new AppError(404, 'devices.not_found', 'This device is not signed in (any more). Reload the list.');
