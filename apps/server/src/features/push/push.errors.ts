import { AppError } from '../../core/app-error.ts';

export const pushUnavailable = () =>
  new AppError(409, 'push.unavailable', 'This server does not send push notifications.');

export const endpointRefused = () =>
  new AppError(
    422,
    'push.endpoint_refused',
    "This browser's push service is not one this server sends to. Ask the administrator (WEB_PUSH_SERVICES).",
  );
