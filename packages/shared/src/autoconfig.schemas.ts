import { Type, type Static } from '@sinclair/typebox';

/** Where a domain's servers came from, in the order discovery tries them. */
export const DISCOVERY_SOURCES = ['admin', 'cache', 'autoconfig', 'ispdb', 'srv', 'mx', 'guess'] as const;
export type DiscoverySource = (typeof DISCOVERY_SOURCES)[number];

/** Hosted mail that refuses the account password over IMAP/SMTP (an app password or OAuth is needed). */
export const MAIL_PROVIDERS = ['google', 'microsoft'] as const;
export type MailProvider = (typeof MAIL_PROVIDERS)[number];

const Source = Type.Union([
  Type.Literal('admin'),
  Type.Literal('cache'),
  Type.Literal('autoconfig'),
  Type.Literal('ispdb'),
  Type.Literal('srv'),
  Type.Literal('mx'),
  Type.Literal('guess'),
]);
const Provider = Type.Union([Type.Literal('google'), Type.Literal('microsoft')]);

/** GET /api/autoconfig?email= */
export const AutoconfigQuery = Type.Object({ email: Type.String({ maxLength: 320 }) });
export type AutoconfigQuery = Static<typeof AutoconfigQuery>;

export const MailServerInfo = Type.Object({
  host: Type.String(),
  port: Type.Integer(),
  /** tls = implicit TLS, starttls, none = unencrypted (only ever from admin settings) */
  security: Type.Union([Type.Literal('tls'), Type.Literal('starttls'), Type.Literal('none')]),
  username: Type.String(),
});
export type MailServerInfo = Static<typeof MailServerInfo>;

/**
 * What discovery found for an address, without signing in. `found: false` means the page should open
 * "Advanced settings"; `passwordWorks: false` means the account password will be refused (see `provider`).
 */
export const AutoconfigResult = Type.Object({
  email: Type.String(),
  found: Type.Boolean(),
  /** the incoming server's protocol: pop3 when the domain offers no IMAP (decision 026); absent: imap */
  protocol: Type.Optional(Type.Union([Type.Literal('imap'), Type.Literal('pop3')])),
  source: Type.Union([Source, Type.Null()]),
  incoming: Type.Union([MailServerInfo, Type.Null()]),
  outgoing: Type.Union([MailServerInfo, Type.Null()]),
  passwordWorks: Type.Boolean(),
  provider: Type.Union([Provider, Type.Null()]),
  /** for source "cache": where the cached settings came from and how old they are */
  cachedFrom: Type.Optional(Source),
  ageSeconds: Type.Optional(Type.Integer()),
});
export type AutoconfigResult = Static<typeof AutoconfigResult>;
