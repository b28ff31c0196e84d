import { lazyChunks } from '../../lazy-chunks';
import type { linkifyText as LinkifyText } from './linkify';

let loaded: typeof LinkifyText | null = null;
/** the link finder once its chunk is in: a plain body shown after that splits its text in its first render */
export const linkifyLoaded = (): typeof LinkifyText | null => loaded;

/** The link finder (its own chunk, fetched when idle after the inbox). */
export const linkifier = (): Promise<typeof LinkifyText> => lazyChunks.linkify().then((m) => (loaded = m.linkifyText));

/**
 * Splits the plain texts about to be shown (the open message's neighbours) while the page is idle: the link finder
 * keeps the last few it split, so j/k shows them without that work (~5 ms for a long text on a loaded machine).
 * It never fetches the chunk itself (the idle prefetch after the inbox or a plain body on screen does), so nothing
 * loaded ahead pulls it into the first visit (decision 044 part 9).
 */
export function linkifyAhead(texts: readonly string[]): void {
  if (!texts.length) return;
  const run = () => {
    const split = loaded;
    if (split) texts.forEach((text) => split(text));
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(run, { timeout: 2000 });
  else setTimeout(run, 50);
}
