import { locale } from '$lib/i18n/locale.svelte';

// The console is a single-page app: rendered in the browser, served as one shell by the server.
export const ssr = false;
export const prerender = false;

/** The first render waits for the catalog of the language this device reads (English is fetched). */
export async function load() {
  await locale.ready;
}
