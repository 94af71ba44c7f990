import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';
import { judgeShellFiles, SHELL_FILES } from './src/lib/judge/shell-files';

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
      const chunks = Object.values(bundle).flatMap((item) =>
        item.type === 'chunk'
          ? [
              {
                fileName: item.fileName,
                moduleIds: item.moduleIds,
                imports: item.imports,
                dynamicImports: item.dynamicImports,
                assets: [...(item.viteMetadata?.importedCss ?? []), ...(item.viteMetadata?.importedAssets ?? [])],
              },
            ]
          : [],
      );
      // Only the client build of the app has the judge's pages (not the service worker's own build).
      if (!chunks.some((c) => c.fileName.includes('/entry/'))) return;
      this.emitFile({ type: 'asset', fileName: SHELL_FILES, source: JSON.stringify(judgeShellFiles(chunks)) });
    },
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
