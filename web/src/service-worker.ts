/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The judge tablet's service worker (issue #16): it keeps the app shell of this build (the page,
 * and the scripts and styles of the judge's pages, listed by the build: lib/judge/shell-files.ts)
 * so that /judge opens with no network, e.g. when a tablet reloads during a Wi-Fi drop. The rest of
 * the build is fetched from the network as usual. The marks themselves live in the outbox (localStorage), which sends its queue when
 * the network returns.
 *
 * Registered only by the judge page, with the scope /judge (lib/judge/offline.ts), and only in a
 * secure context: the HTTPS mode, or localhost. It never answers /api (every API answer comes from
 * the server or fails), and every build is a cache of its own: a new build installs a new worker,
 * which takes over and drops the old caches.
 */
import { build, files, version } from '$service-worker';
import { SHELL_FILES } from '$lib/judge/shell-files';
import { CLAIM_MESSAGE } from '$lib/judge/worker-messages';

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `hoithi-judge-${version}`;
/** The shell: the server answers every page path with the same index.html. */
const SHELL = '/judge';
const ASSETS = new Set([...build, ...files]);

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `reload`: past the HTTP cache, so the list and the shell are the ones of this build.
      const listed = await fetch(`/${SHELL_FILES}`, { cache: 'reload' });
      if (!listed.ok) throw new Error(`${SHELL_FILES}: ${listed.status}`);
      const listedFiles = ((await listed.json()) as string[]).map((file) => `/${file}`).filter((path) => ASSETS.has(path));
      await cache.addAll([...listedFiles, ...files, SHELL].map((url) => new Request(url, { cache: 'reload' })));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('hoithi-judge-') && key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

// A page of the scope that is not controlled yet asks for it once this worker is active (lib/judge/offline.ts).
sw.addEventListener('message', (event) => {
  if (event.data === CLAIM_MESSAGE) event.waitUntil(sw.clients.claim());
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || url.pathname.startsWith('/api')) return;
  if (ASSETS.has(url.pathname)) {
    // Files of this build: the same bytes for as long as the build lives (the kept ones from the cache).
    event.respondWith(caches.open(CACHE).then(async (cache) => (await cache.match(url.pathname)) ?? fetch(request)));
  } else if (request.mode === 'navigate') {
    // The page: the network's when there is one (a newer build shows at once), the kept shell otherwise.
    event.respondWith(
      fetch(request).catch(async () => {
        const shell = await (await caches.open(CACHE)).match(SHELL);
        if (shell) return shell;
        throw new TypeError('offline, and no shell kept');
      }),
    );
  }
});
