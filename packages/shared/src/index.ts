export * from './error-codes.ts';
export * from './auth.schemas.ts';
export * from './autoconfig.schemas.ts';
export * from './mailbox.schemas.ts';
export * from './message.schemas.ts';
export * from './api-routes.ts';
