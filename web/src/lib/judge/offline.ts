/**
 * The tablet across a Wi-Fi drop (issue #16): the service worker that keeps the judge page's shell
 * (src/service-worker.ts), registered from the judge page only and scoped to /judge, so no other
 * page is ever served by it. Browsers run service workers only in a secure context: the HTTPS mode
 * (HOITHI_TLS_CERT/KEY) on the venue's LAN, or localhost; over plain http on a LAN address this
 * does nothing and the outbox alone keeps the marks while the page stays open.
 *
 * The page that registers the worker is not controlled by it (it was opened at /j/…, outside the
 * scope); the next load of /judge is, e.g. a reload with no network.
 */
import { dev } from '$app/environment';

export const SHELL_WORKER = '/service-worker.js';
export const SHELL_SCOPE = '/judge';

export function registerShellWorker(): void {
  if (dev || !window.isSecureContext || !('serviceWorker' in navigator)) return;
  // A failed registration leaves the page as it was without the worker: nothing to tell the judge.
  navigator.serviceWorker.register(SHELL_WORKER, { scope: SHELL_SCOPE }).catch(() => undefined);
}
