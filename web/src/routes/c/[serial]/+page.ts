import { ApiError } from '$lib/api';
import { failLoad } from '$lib/errors';
import { locale } from '$lib/i18n/locale.svelte';
import { resultsApi } from '$lib/results/api';
import type { PageLoad } from './$types';

/** A serial as printed: letters, digits and dashes (the server refuses anything else with a 400). */
const SERIAL = /^[A-Z0-9-]{5,40}$/;

export const load: PageLoad = async ({ fetch, params, url }) => {
  await locale.need('contest', 'results');
  const serial = params.serial.trim().toUpperCase();
  if (!SERIAL.test(serial)) return { serial: params.serial, certificate: null };
  try {
    return { serial, certificate: await resultsApi.certificate(serial, fetch) };
  } catch (err) {
    // An unknown serial is an answer, not a failure of the page.
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) return { serial, certificate: null };
    failLoad(err, url);
  }
};
