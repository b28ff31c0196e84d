import { Type, type Static } from '@sinclair/typebox';

/** One mail account of the user (decision 018): the primary one is the address the user signs in with. */
export const AccountSummary = Type.Object({
  /** the id every `/api/accounts/:accountId/...` route and every realtime event of the account carries */
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  displayName: Type.String(),
  protocol: Type.Union([Type.Literal('imap'), Type.Literal('pop3')]),
  primary: Type.Boolean(),
});
export type AccountSummary = Static<typeof AccountSummary>;

/** GET /api/accounts: the user's accounts, the primary first. */
export const AccountList = Type.Object({ accounts: Type.Array(AccountSummary) });
export type AccountList = Static<typeof AccountList>;

/** The path parameter of every account-scoped route. */
export const AccountParams = Type.Object({ accountId: Type.String({ format: 'uuid' }) });
export type AccountParams = Static<typeof AccountParams>;
