import { defQuery, type ListDef } from '../message/list-def';

/**
 * The search of a definition in every folder, as API query fields: the folder and the sort do not take part
 * (results come newest Date first, whatever folder is open). Pure.
 */
export const allFoldersQuery = (def: ListDef): Record<string, string> =>
  defQuery({ ...def, sort: 'date', order: 'desc' });

/** The store key of a definition's results in every folder (the same search has one key). Pure. */
export const allFoldersKey = (def: ListDef): string => JSON.stringify(allFoldersQuery(def));
