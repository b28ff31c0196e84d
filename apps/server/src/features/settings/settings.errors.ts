import { AppError } from '../../core/app-error.ts';

export const identityNotFound = () => new AppError(404, 'settings.identity_not_found', 'This identity does not exist.');
