import { Type, type Static } from '@sinclair/typebox';

/** A From the user sends as; `signature` is HTML, added below the body when the identity is chosen. */
export const Identity = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  replyTo: Type.Union([Type.String(), Type.Null()]),
  signature: Type.String(),
  isDefault: Type.Boolean(),
});
export type Identity = Static<typeof Identity>;

/** GET /api/settings/identities: never empty (the sign-in address is the first identity). */
export const IdentityList = Type.Object({ identities: Type.Array(Identity) });
export type IdentityList = Static<typeof IdentityList>;

export const IdentityInput = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 320 }),
  name: Type.String({ maxLength: 200 }),
  replyTo: Type.Union([Type.String({ maxLength: 320 }), Type.Null()]),
  signature: Type.String({ maxLength: 20_000 }),
  isDefault: Type.Boolean(),
});
export type IdentityInput = Static<typeof IdentityInput>;

export const IdentityParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export type IdentityParams = Static<typeof IdentityParams>;

/** GET/PATCH /api/settings/preferences: choices that follow the user to every device. */
export const Preferences = Type.Object({
  /** group lists into conversations (RFC 5256 threads) */
  conversations: Type.Boolean(),
});
export type Preferences = Static<typeof Preferences>;

/** PATCH body: only the fields to change. */
export const PreferencesPatch = Type.Partial(Preferences, { additionalProperties: false });
export type PreferencesPatch = Static<typeof PreferencesPatch>;
