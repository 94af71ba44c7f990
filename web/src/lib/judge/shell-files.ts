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
  /** The catalog part (`judge`, `console`, the English `base`…) whose words the chunk holds, if it holds only words. */
  catalogPart?: string | undefined;
  /** The catalog parts the chunk's code asks for by name (`locale.need('judge', …)`). */
  partsNeeded?: readonly string[];
}

/**
 * The judge's pages, and the root layout and error page that every page loads with them (SvelteKit's
 * nodes 0 and 1, whose own modules the build may have merged into a shared chunk).
 */
const JUDGE_MODULE =
  /\/src\/routes\/(judge\/|j\/\[token\]\/|\+layout\.|\+error\.)|\/generated\/client-optimized\/nodes\/[01]\.js$/;
/** SvelteKit's start and app entries (every route's node is an entry of the build too). */
const APP_ENTRY = /(^|\/)_app\/immutable\/entry\//;

/**
 * The files (build-relative paths) of the judge's pages: the app's entries, the chunks of the
 * judge's routes, everything these import (also later: their dialogs) and their CSS and assets. The
 * entries' own lazy imports (every other page) are left out, and of the catalog's parts (which the
 * locale imports lazily, every part of every language) only those that the kept code asks for, in
 * both languages, with the English base: a judge may switch language offline.
 */
export function judgeShellFiles(chunks: readonly ShellChunk[]): string[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const files = new Set<string>();
  const needed = new Set(['base']);
  const parts: ShellChunk[] = [];
  const keep = (queue: ShellChunk[]) => {
    for (let chunk = queue.pop(); chunk; chunk = queue.pop()) {
      if (files.has(chunk.fileName)) continue;
      if (chunk.catalogPart !== undefined && !needed.has(chunk.catalogPart)) {
        parts.push(chunk); // kept below if the code kept asks for it
        continue;
      }
      files.add(chunk.fileName);
      for (const asset of chunk.assets) files.add(asset);
      for (const part of chunk.partsNeeded ?? []) needed.add(part);
      // The app entry imports every page lazily: only its static imports are the judge's.
      const next = APP_ENTRY.test(chunk.fileName) ? chunk.imports : [...chunk.imports, ...chunk.dynamicImports];
      for (const name of next) {
        const found = byName.get(name);
        if (found && !files.has(name)) queue.push(found);
      }
    }
  };
  keep(chunks.filter((c) => APP_ENTRY.test(c.fileName) || c.moduleIds.some((id) => JUDGE_MODULE.test(id.replaceAll('\\', '/')))));
  // A part's words ask for no other part: one more pass keeps the parts asked for.
  keep(parts.filter((c) => c.catalogPart !== undefined && needed.has(c.catalogPart)));
  return [...files].sort();
}

/**
 * The parts of the catalog that the locale imports lazily, by the module each comes from: the
 * loaders `part: () => import('./path')` of its code (as the build has it, where Vite may wrap the
 * import in its preload helper).
 */
export function catalogLoaders(localeCode: string): { part: string; path: string }[] {
  return [...localeCode.matchAll(/\b(\w+)\s*:\s*\(\)\s*=>[^,;]*?\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => ({
    part: m[1]!,
    path: m[2]!,
  }));
}

/** The catalog parts that built code asks for by name: `.need('judge', 'live')`. */
export function partsNeeded(code: string): string[] {
  const parts = new Set<string>();
  for (const call of code.matchAll(/\.need\(([^()]*)\)/g))
    for (const name of call[1]!.matchAll(/["'`](\w+)["'`]/g)) parts.add(name[1]!);
  return [...parts];
}
