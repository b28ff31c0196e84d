import { Type, type Static } from '@sinclair/typebox';
import { Address } from './message.schemas.ts';

/** GET /api/contacts?q=: addresses the user wrote to or received from, most used first. */
export const ContactQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
});
export type ContactQuery = Static<typeof ContactQuery>;

export const ContactList = Type.Object({ contacts: Type.Array(Address) });
export type ContactList = Static<typeof ContactList>;
