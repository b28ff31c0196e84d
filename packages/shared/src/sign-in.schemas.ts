// Apart from auth.schemas.ts, which the web imports a value from (loginFitsAddress): a schema module the web takes
// values from is bundled whole, and this one would pull the folder and message schemas (and TypeBox) into the core.
import { Type, type Static } from '@sinclair/typebox';
import { SessionInfo } from './auth.schemas.ts';
import { Mailbox } from './mailbox.schemas.ts';
import { MessagePage } from './message.schemas.ts';

/** What the device shows first, read while the sign-in was saved: every folder with its counts and one folder's newest page. */
export const FirstRows = Type.Object({
  mailboxes: Type.Array(Mailbox),
  path: Type.String(),
  page: MessagePage,
});
export type FirstRows = Static<typeof FirstRows>;

/** POST /api/auth/sign-in: the session, and `first` when the body named `firstPage` and it could be read. */
export const SignInAnswer = Type.Object({ ...SessionInfo.properties, first: Type.Optional(FirstRows) });
export type SignInAnswer = Static<typeof SignInAnswer>;
