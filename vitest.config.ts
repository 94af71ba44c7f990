import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'server/**/*.test.ts',
            'db/**/*.test.ts',
            'scripts/**/*.test.ts',
            'tests/api/**/*.test.ts',
            // Pure helpers of the web app; they import the contract as the app does.
            'web/src/lib/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 30_000,
          isolate: false,
          maxWorkers: 2,
        },
        // The web app's runes modules (`*.svelte.ts`) are compiled as the browser gets them, so
        // their unit tests run the same reactive code with fake storage, sockets and clock.
        plugins: [
          svelte({ configFile: false, compilerOptions: { runes: true }, dynamicCompileOptions: () => ({ generate: 'client' }) }),
        ],
        resolve: {
          alias: {
            $contract: fileURLToPath(new URL('./server/contract', import.meta.url)),
            $lib: fileURLToPath(new URL('./web/src/lib', import.meta.url)),
          },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // One Chromium at a time on a 2-core machine, after the unit project (sequence.groupOrder).
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          // The files share one worker: the server and Playwright are imported once, not per file.
          isolate: false,
        },
      },
    ],
  },
});
