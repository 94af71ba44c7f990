/**
 * The tablet across a Wi-Fi drop (issue #16): the service worker that keeps the judge page's shell
 * (src/service-worker.ts), registered from the judge page only and scoped to /judge, so no other
 * page is ever served by it. Browsers run service workers only in a secure context: the HTTPS mode
 * (HOITHI_TLS_CERT/KEY) on the venue's LAN, or localhost; over plain http on a LAN address this
 * does nothing and the outbox alone keeps the marks while the page stays open.
 *
 * The judge page is controlled by the worker as soon as the worker is active, with no reload:
 * - the private link (/j/…, outside the scope) opens /judge as a page of its own (a document load,
 *   not an in-app navigation), because a worker can take over (clients.claim) only the pages that
 *   were created inside its scope;
 * - the worker claims the pages of its scope when it activates, and the page asks it again once it
 *   is active, for a load that was under way during the activation (the browser's claim skips a page
 *   that is not yet created, and that page's load asked before there was an active worker).
 * A page loaded later, e.g. a reload with no network, is the worker's from its start.
 */
import { dev } from '$app/environment';
import { CLAIM_MESSAGE } from './worker-messages';

export const SHELL_WORKER = '/service-worker.js';
export const SHELL_SCOPE = '/judge';

/** Whether this browser, here, runs the judge's service worker. */
export function shellWorkerSupported(): boolean {
  return !dev && window.isSecureContext && 'serviceWorker' in navigator;
}

export function registerShellWorker(): void {
  if (!shellWorkerSupported()) return;
  const container = navigator.serviceWorker;
  // A failed registration leaves the page as it was without the worker: nothing to tell the judge.
  container.register(SHELL_WORKER, { scope: SHELL_SCOPE }).catch(() => undefined);
  // `ready`: the registration of this page's scope has an active worker.
  void container.ready.then((registration) => {
    if (!container.controller) registration.active?.postMessage(CLAIM_MESSAGE);
  });
}
