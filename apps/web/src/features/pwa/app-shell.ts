/** One chunk of Vite's build manifest (dist/.vite/manifest.json), the fields the shell needs. */
export interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}

/**
 * The files the service worker keeps for offline start (decision 023): each root (a manifest key such as a
 * page's source, or a built file that index.html loads), the chunks it imports statically (transitively) and
 * their CSS. Chunks loaded on demand (the composer, settings, another language) are not in it: they are cached
 * when first used, so a first visit does not download them twice.
 */
export function appShellFiles(manifest: Record<string, ManifestChunk>, roots: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const keyOfFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]));
  const visit = (root: string) => {
    const key = manifest[root] ? root : keyOfFile.get(root);
    if (key === undefined) {
      // a file index.html loads that no chunk owns (its stylesheet): kept as it is
      if (/^assets\//.test(root)) return void files.add(root);
      throw new Error(`app shell: ${root} is not in the build manifest`);
    }
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key]!;
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const root of roots) visit(root);
  return files;
}

/** The built files index.html loads (`/assets/...` in its script and link tags). */
export function filesOfIndexHtml(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
}
