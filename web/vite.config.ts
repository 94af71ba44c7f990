import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig(({ command }) => {
  // A build is for production even when a test runner (NODE_ENV=test) starts it: otherwise Vite
  // picks the `development` export conditions and ships Svelte's and SvelteKit's dev-only code.
  if (command === 'build') process.env['NODE_ENV'] = 'production';

  return {
    plugins: [sveltekit()],
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
