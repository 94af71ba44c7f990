import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    // A single-page app: the Fastify server hands index.html to every page path.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', precompress: false }),
    // The judge page registers the service worker itself, scoped to /judge (src/lib/judge/offline.ts).
    serviceWorker: { register: false },
    alias: {
      // The server's contract: request and response types, error codes and their wording.
      $contract: '../server/contract',
    },
  },
};

export default config;
