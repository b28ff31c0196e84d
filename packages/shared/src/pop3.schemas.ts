import { Type, type Static } from '@sinclair/typebox';

/** Longest "remove from the server after N days" (ten years). */
export const POP3_DELETE_AFTER_MAX_DAYS = 3650;

/**
 * A POP3 account's options, as desktop clients name them (decision 026). The server's POP3_CHECK_INTERVAL_MINUTES is
 * the check interval unless the account sets its own.
 */
export const Pop3Options = Type.Object({
  /** leave a copy on the server (default on) */
  leaveOnServer: Type.Boolean(),
  /** with a copy left: remove it from the server this many days after the download; 0 keeps it */
  deleteAfterDays: Type.Integer({ minimum: 0, maximum: POP3_DELETE_AFTER_MAX_DAYS }),
  /** with a copy left: remove it from the server when the message is deleted from Trash */
  deleteWhenTrashed: Type.Boolean(),
  /**
   * minutes between checks; 0: the server's default. (Numbers, not null, for "none": the API's validation coerces
   * a 0 sent against a nullable number into null, which would turn a mistake into "keep forever".)
   */
  checkIntervalMinutes: Type.Integer({ minimum: 0, maximum: 1440 }),
});
export type Pop3Options = Static<typeof Pop3Options>;

/** PATCH /api/accounts/:accountId/pop3: any of the options. */
export const Pop3OptionsPatch = Type.Partial(Pop3Options, { minProperties: 1, additionalProperties: false });
export type Pop3OptionsPatch = Static<typeof Pop3OptionsPatch>;

/** GET /api/accounts/:accountId/pop3: the options and how the checks are going. */
export const Pop3Status = Type.Object({
  options: Pop3Options,
  defaultCheckIntervalMinutes: Type.Integer(),
  /** a check runs now (on this server) */
  checking: Type.Boolean(),
  lastCheckAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** the error code of the last check when it failed */
  lastErrorCode: Type.Union([Type.String(), Type.Null()]),
  /** the current (or last) download: messages to fetch and fetched */
  progress: Type.Object({ total: Type.Integer(), done: Type.Integer() }),
});
export type Pop3Status = Static<typeof Pop3Status>;
