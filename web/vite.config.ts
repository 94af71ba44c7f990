import { dirname, resolve } from 'node:path';
import { sveltekit } from '@sveltejs/kit/vite';
import type { ManualChunkMeta } from 'rollup';
import { defineConfig, type Plugin } from 'vite';
import { catalogLoaders, judgeShellFiles, partsNeeded, SHELL_FILES } from './src/lib/judge/shell-files';

/**
 * Writes the list of files the judge tablet's service worker keeps (src/lib/judge/shell-files.ts):
 * computed from the client build's chunks, so that it follows the code.
 */
function judgeShell(): Plugin {
  return {
    name: 'hoithi-judge-shell',
    apply: 'build',
    generateBundle(_options, bundle) {
      if (this.environment.config.consumer !== 'client') return;
      const items = Object.values(bundle);
      // Only the client build of the app has the judge's pages (not the service worker's own build).
      if (!items.some((c) => c.type === 'chunk' && c.fileName.includes('/entry/'))) return;
      // The catalog's parts, by the module each is imported from (lib/i18n/locale.svelte.ts).
      const partOf = new Map<string, string>();
      const localeId = [...this.getModuleIds()].find((id) => id.replaceAll('\\', '/').endsWith('/src/lib/i18n/locale.svelte.ts'));
      const locale = localeId ? this.getModuleInfo(localeId) : null;
      if (localeId && locale?.code) {
        const targets = new Map(locale.dynamicallyImportedIds.map((id) => [id.replace(/\.[a-z]+$/, ''), id]));
        for (const { part, path } of catalogLoaders(locale.code)) {
          const id = targets.get(resolve(dirname(localeId), path).replace(/\.[a-z]+$/, ''));
          if (id) partOf.set(id, part);
        }
      }
      const chunks = items.flatMap((item) =>
        item.type === 'chunk'
          ? [
              {
                fileName: item.fileName,
                // A route's node may be a facade that re-exports its page from a shared chunk.
                moduleIds: item.facadeModuleId ? [item.facadeModuleId, ...item.moduleIds] : item.moduleIds,
                imports: item.imports,
                dynamicImports: item.dynamicImports,
                assets: [...(item.viteMetadata?.importedCss ?? []), ...(item.viteMetadata?.importedAssets ?? [])],
                // A chunk of words only (nothing else of the app merged into it).
                catalogPart: item.moduleIds.every((id) => /\/src\/lib\/i18n\//.test(id.replaceAll('\\', '/')))
                  ? item.moduleIds.map((id) => partOf.get(id)).find((part) => part !== undefined)
                  : undefined,
                partsNeeded: partsNeeded(item.code),
              },
            ]
          : [],
      );
      this.emitFile({ type: 'asset', fileName: SHELL_FILES, source: JSON.stringify(judgeShellFiles(chunks)) });
    },
  };
}

/**
 * The public screens (big screen, overlay, audience phone, team phone) by their routes' folders,
 * and the pages every route goes through (the root layout and error page).
 */
const PUBLIC_ROUTE = /\/src\/routes\/(screen\/\[slug\]|overlay\/\[slug\]|live\/\[slug\]|t)\//;
const EVERY_ROUTE = /\/src\/routes\/\+(layout|error)\.[a-z]+$/;
/** Svelte's transitions and animations: only the screens that animate load them. */
const SVELTE_MOTION =
  /\/node_modules\/svelte\/src\/(animate|transition|easing)\/|\/svelte\/src\/internal\/client\/dom\/elements\/transitions\.js$/;
/** Svelte's parts that only the console's forms and editors use. */
const SVELTE_FORMS =
  /\/node_modules\/svelte\/src\/(internal\/client\/dom\/elements\/(bindings\/input|actions)|reactivity\/set|internal\/shared\/clone)\.js$/;
const RUNTIME = /\/node_modules\/(svelte|@sveltejs\/kit|esm-env|devalue|clsx)\/|^\0vite\/preload-helper/;

/**
 * Which public screens import a module (through any chain of static imports; a lazy import does not
 * count). The root layout counts as all of them.
 */
function publicScreens(id: string, meta: ManualChunkMeta, memo: Map<string, Set<string>>): Set<string> {
  const known = memo.get(id);
  if (known) return known;
  const screens = new Set<string>();
  memo.set(id, screens); // an import cycle adds nothing more
  const route = PUBLIC_ROUTE.exec(id);
  if (route) screens.add(route[1]!);
  else if (EVERY_ROUTE.test(id)) screens.add('*');
  for (const importer of meta.getModuleInfo(id)?.importers ?? [])
    for (const s of publicScreens(importer, meta, memo)) screens.add(s);
  return screens;
}

/**
 * Fewer, larger chunks for the public screens. Left to itself Rollup splits Svelte's and Kit's
 * runtime and the app's shared code into a score of chunks of a few hundred bytes each (one for
 * every set of pages that uses them): each costs a request, a gzip header and a dictionary
 * started afresh. One `runtime` chunk holds what every screen loads anyway (Svelte and Kit, less
 * the transitions and the console's form bindings) with the app's code that two or more public
 * screens import (locale, API and live clients, the stage's room and badges…).
 */
function chunkFor() {
  // One memo per module graph (the build's server and client passes have their own).
  const memos = new WeakMap<ManualChunkMeta['getModuleInfo'], Map<string, Set<string>>>();
  return (id: string, meta: ManualChunkMeta): string | undefined => {
    if (SVELTE_MOTION.test(id)) return 'motion';
    if (SVELTE_FORMS.test(id)) return 'forms';
    if (RUNTIME.test(id)) return 'runtime';
    if (id.includes('/node_modules/') || !/\/(web\/src|server\/contract)\//.test(id)) return undefined;
    let memo = memos.get(meta.getModuleInfo);
    if (!memo) memos.set(meta.getModuleInfo, (memo = new Map()));
    const screens = publicScreens(id, meta, memo);
    return screens.has('*') || screens.size >= 2 ? 'runtime' : undefined;
  };
}

export default defineConfig(({ command }) => {
  // A build is for production even when a test runner (NODE_ENV=test) starts it: otherwise Vite
  // picks the `development` export conditions and ships Svelte's and SvelteKit's dev-only code.
  if (command === 'build') process.env['NODE_ENV'] = 'production';

  return {
    plugins: [sveltekit(), judgeShell()],
    build: {
      // No table of every page's chunks in the app's entry (about 3 kB of gzip that each page
      // downloads first) to preload a page's imports ahead of the browser finding them: on the
      // venue's LAN the few extra round trips cost less than the bytes. A lazy chunk's CSS is still
      // fetched with it (Vite keeps the CSS part of the table).
      modulePreload: false,
      rollupOptions: { output: { manualChunks: chunkFor() } },
    },
    ssr: {
      // The root node_modules holds cookie@2 (for Fastify) while SvelteKit needs its own nested
      // cookie@0.6: bundle it into Kit's build-time server output instead of resolving it from the root.
      noExternal: ['cookie'],
    },
    server: {
      // The contract lives in ../server/contract.
      fs: { allow: ['..'] },
      proxy: { '/api': { target: 'http://localhost:3000', ws: true } },
    },
  };
});
