import { Type, type Static } from '@sinclair/typebox';

/** Every stable error code the API can answer with; the web maps each to a translated message. */
export const ERROR_CODES = [
  'validation.invalid',
  'validation.required',
  'validation.invalid_email',
  'auth.invalid_credentials',
  'auth.not_signed_in',
  'auth.rate_limited',
  'auth.csrf_invalid',
  'auth.domain_not_allowed',
  'auth.provider_requires_app_password',
  'auth.too_many_sessions',
  'auth.server_full',
  'autoconfig.rate_limited',
  'mail.server_unreachable',
  'mail.no_server_for_domain',
  'mail.server_not_allowed',
  'mail.operation_failed',
  'mailbox.not_found',
  'folder.invalid_name',
  'folder.name_too_long',
  'folder.exists',
  'folder.protected',
  'folder.into_itself',
  'folder.not_emptiable',
  'folder.rejected',
  'message.not_found',
  'message.attachment_not_found',
  'message.invalid_action',
  'message.attachment_too_large',
  'message.busy',
  'compose.invalid_address',
  'compose.no_recipients',
  'compose.from_not_allowed',
  'compose.too_large',
  'compose.quota_exceeded',
  'compose.attachment_not_found',
  'compose.recipient_rejected',
  'compose.send_rejected',
  'compose.auth_failed',
  'compose.maybe_sent',
  'compose.too_late',
  'draft.not_found',
  'outbox.not_found',
  'settings.identity_not_found',
  'devices.not_found',
  'http.not_found',
  'internal.error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The one error body: `{ error: { code, message, field?, details? } }`. */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;
