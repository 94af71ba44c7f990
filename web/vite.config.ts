import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig(({ command }) => {
  // A build is for production even when a test runner (NODE_ENV=test) starts it: otherwise Vite
  // picks the `development` export conditions and ships Svelte's and SvelteKit's dev-only code.
  if (command === 'build') process.env['NODE_ENV'] = 'production';

  return {
    plugins: [sveltekit()],
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
