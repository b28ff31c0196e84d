import { Type, type Static } from '@sinclair/typebox';

/** What a list can be sorted by: `date` is arrival order (UID order, as a folder always listed). */
export const SORT_KEYS = ['date', 'from', 'subject', 'size'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export const SORT_ORDERS = ['desc', 'asc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Longest search text per field (characters); longer input answers `search.too_long`. */
export const SEARCH_TEXT_MAX = 200;
/** Most words of the "everything" box that are searched (each one must match). */
export const SEARCH_TERMS_MAX = 8;

/**
 * What defines a list besides its folder: sort, quick filters and search. Every field is optional; none set is the
 * folder itself, newest first. Text fields are bounded by the service (`search.too_long`), not only by the schema.
 */
// `@__PURE__`: the web bundles only this file's constants, and the marks let it drop the schema (decision 023)
export const ListViewQuery = Type.Object({
  sort: Type.Optional(Type.Union(/* @__PURE__ */ SORT_KEYS.map((k) => Type.Literal(k)))),
  order: Type.Optional(Type.Union(/* @__PURE__ */ SORT_ORDERS.map((o) => Type.Literal(o)))),
  unread: Type.Optional(Type.Boolean()),
  flagged: Type.Optional(Type.Boolean()),
  attachments: Type.Optional(Type.Boolean()),
  /** everything: every word must appear somewhere in the message (headers or text) */
  q: Type.Optional(Type.String({ maxLength: 4000 })),
  from: Type.Optional(Type.String({ maxLength: 4000 })),
  to: Type.Optional(Type.String({ maxLength: 4000 })),
  subject: Type.Optional(Type.String({ maxLength: 4000 })),
  body: Type.Optional(Type.String({ maxLength: 4000 })),
  /** YYYY-MM-DD, inclusive */
  since: Type.Optional(Type.String({ maxLength: 40 })),
  /** YYYY-MM-DD, inclusive */
  until: Type.Optional(Type.String({ maxLength: 40 })),
});
export type ListViewQuery = Static<typeof ListViewQuery>;

/** The search fields of a list definition (text and dates), without sort and quick filters. */
export const SEARCH_FIELDS = ['q', 'from', 'to', 'subject', 'body', 'since', 'until'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
