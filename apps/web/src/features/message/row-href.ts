/** digits (every row route takes `\d+`) and above any IMAP UID or conversation id, a 32-bit number */
export const ROW_HREF_MARK = '4294967296';

/**
 * Every row of a list links to the same route with only its number changed, so the list resolves one link with
 * `ROW_HREF_MARK` as the number (`marked`) and a row's href is that link with its own number put in: resolving a
 * route per row was a measurable part of drawing a page of rows. The number is the last one in the path (before
 * `?` or `#`); if it is not there, each row is resolved after all (`resolve`).
 */
export function rowHrefs(marked: string, resolve: (id: string) => string): (id: number) => string {
  const pathEnd = marked.search(/[?#]/);
  const at = marked.lastIndexOf(ROW_HREF_MARK, pathEnd === -1 ? marked.length : pathEnd);
  if (at === -1) return (id) => resolve(String(id));
  const before = marked.slice(0, at);
  const after = marked.slice(at + ROW_HREF_MARK.length);
  return (id) => `${before}${id}${after}`;
}
