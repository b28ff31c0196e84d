import { SEARCH_FIELDS, SORT_KEYS, type SortKey, type SortOrder } from '@pigeon/shared';

/** What defines a list: its folder plus sort, quick filters and search (the server's ListViewQuery). */
export interface ListDef {
  path: string;
  sort: SortKey;
  order: SortOrder;
  unread: boolean;
  flagged: boolean;
  attachments: boolean;
  q: string;
  from: string;
  to: string;
  subject: string;
  body: string;
  since: string;
  until: string;
  /** grouped into conversations (the user's setting; only the folder itself, newest first, is grouped) */
  conversations: boolean;
}

const defaultOrder = (sort: SortKey): SortOrder => (sort === 'date' || sort === 'size' ? 'desc' : 'asc');

/** The folder itself, newest first. */
export const folderDef = (path: string): ListDef => ({
  path,
  sort: 'date',
  order: 'desc',
  unread: false,
  flagged: false,
  attachments: false,
  q: '',
  from: '',
  to: '',
  subject: '',
  body: '',
  since: '',
  until: '',
  conversations: false,
});

/** True when the definition searches (any text or date field). */
export const isSearch = (d: ListDef): boolean => SEARCH_FIELDS.some((f) => d[f] !== '');
/** True when the server must read message text: slow on a large folder, so progress and cancel are shown. */
export const readsText = (d: ListDef): boolean => d.q !== '' || d.body !== '';
/** True for the folder itself: live events patch it in place; every other list is marked stale instead. */
export const isFolderList = (d: ListDef): boolean => isPlainOrder(d) && !d.conversations;
/** The folder's messages newest first, nothing selected: the only list that can be grouped into conversations. */
export const isPlainOrder = (d: ListDef): boolean =>
  !isSearch(d) && !d.unread && !d.flagged && !d.attachments && d.sort === 'date' && d.order === 'desc';
/** The definition on screen: grouped into conversations when the user chose so and the list can be grouped. */
export const withConversations = (d: ListDef, on: boolean): ListDef => ({ ...d, conversations: on && isPlainOrder(d) });

/** The view fields that differ from the folder itself, as URL / API query parameters. */
export function defQuery(d: ListDef): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of SEARCH_FIELDS) if (d[f]) out[f] = d[f];
  if (d.sort !== 'date' || d.order !== 'desc') {
    out.sort = d.sort;
    if (d.order !== defaultOrder(d.sort)) out.order = d.order;
  }
  if (d.unread) out.unread = 'true';
  if (d.flagged) out.flagged = 'true';
  if (d.attachments) out.attachments = 'true';
  return out;
}

/** The list's key in the store: the folder path alone for the folder itself, so one folder has one key. */
/** `previous` when `next` defines the same list field by field (keeps a computed's dependents still), else `next`. Pure. */
export function sameDef(previous: ListDef | undefined, next: ListDef): ListDef {
  if (!previous) return next;
  const keys = Object.keys(next) as (keyof ListDef)[];
  const same = keys.length === Object.keys(previous).length && keys.every((k) => previous[k] === next[k]);
  return same ? previous : next;
}

export function listKey(d: ListDef): string {
  const query = new URLSearchParams(Object.entries(defQuery(d)).sort(([a], [b]) => a.localeCompare(b))).toString();
  if (d.conversations) return `${d.path}\n?group=conversations`;
  return query ? `${d.path}\n?${query}` : d.path;
}

const one = (v: unknown): string => {
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
};
const MAX_FIELD = 1000;

/** A definition from a URL query (`/mail/:folder/search?q=…&sort=size`); unknown values fall back to defaults. */
export function defFromQuery(path: string, query: Record<string, unknown>): ListDef {
  const d = folderDef(path);
  for (const f of SEARCH_FIELDS) d[f] = one(query[f]).slice(0, MAX_FIELD).trim();
  const sort = one(query.sort);
  if ((SORT_KEYS as readonly string[]).includes(sort)) d.sort = sort as SortKey;
  const order = one(query.order);
  d.order = order === 'asc' || order === 'desc' ? order : defaultOrder(d.sort);
  d.unread = one(query.unread) === 'true';
  d.flagged = one(query.flagged) === 'true';
  d.attachments = one(query.attachments) === 'true';
  return d;
}

/**
 * The search of a definition in every folder, as API query fields: the folder and the sort do not take part
 * (results come newest Date first, whatever folder is open). Pure.
 */
export const allFoldersQuery = (def: ListDef): Record<string, string> =>
  defQuery({ ...def, sort: 'date', order: 'desc' });

/** The same search's API fields: `anywhere` also searches Trash and Junk (left out otherwise, decision 045). Pure. */
export const allFoldersApiQuery = (def: ListDef, anywhere: boolean): Record<string, string> => ({
  ...allFoldersQuery(def),
  ...(anywhere ? { anywhere: 'true' } : {}),
});

/** The store key of a definition's results in every folder (the same search has one key). Pure. */
export const allFoldersKey = (def: ListDef, anywhere = false): string =>
  JSON.stringify(allFoldersApiQuery(def, anywhere));
