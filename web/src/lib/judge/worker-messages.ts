/**
 * What the judge page and its service worker (src/service-worker.ts) say to each other. No Svelte or
 * browser import here: the service worker's own build imports this file.
 */

/** The page asks the active worker to control it (clients.claim): lib/judge/offline.ts. */
export const CLAIM_MESSAGE = 'hoithi-claim';
