/**
 * What the judge tablet's service worker keeps (src/service-worker.ts): the files of this build that
 * the judge's pages (/j/<token> and /judge) load, computed from the client build's chunks by a
 * plugin in vite.config.ts and written to SHELL_FILES. Everything else of the build (the console,
 * the big screen…) is fetched from the network as usual.
 *
 * No Svelte or browser import here: the build's config imports this file.
 */

/** Where the build puts the list (under the client output, served as a static file). */
export const SHELL_FILES = '_app/judge-shell.json';

/** What the function needs of a chunk of the client build (Rollup's OutputChunk and Vite's metadata). */
export interface ShellChunk {
  fileName: string;
  moduleIds: readonly string[];
  imports: readonly string[];
  dynamicImports: readonly string[];
  /** The CSS files and other assets (images, fonts) the chunk brings. */
  assets: readonly string[];
}

/** The judge's pages, and the root layout and error page that every page loads with them. */
const JUDGE_MODULE = /\/src\/routes\/(judge\/|j\/\[token\]\/|\+layout\.|\+error\.)/;
/** SvelteKit's start and app entries (every route's node is an entry of the build too). */
const APP_ENTRY = /(^|\/)_app\/immutable\/entry\//;

/**
 * The files (build-relative paths) of the judge's pages: the app's entries, the chunks of the
 * judge's routes, everything these import (also later: their dialogs, their catalog parts) and their
 * CSS and assets. The entries' own lazy imports (every other page) are left out.
 */
export function judgeShellFiles(chunks: readonly ShellChunk[]): string[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const files = new Set<string>();
  const queue = chunks.filter(
    (c) => APP_ENTRY.test(c.fileName) || c.moduleIds.some((id) => JUDGE_MODULE.test(id.replaceAll('\\', '/'))),
  );
  for (let chunk = queue.pop(); chunk; chunk = queue.pop()) {
    if (files.has(chunk.fileName)) continue;
    files.add(chunk.fileName);
    for (const asset of chunk.assets) files.add(asset);
    // The app entry imports every page lazily: only its static imports are the judge's.
    const next = APP_ENTRY.test(chunk.fileName) ? chunk.imports : [...chunk.imports, ...chunk.dynamicImports];
    for (const name of next) {
      const found = byName.get(name);
      if (found && !files.has(name)) queue.push(found);
    }
  }
  return [...files].sort();
}
