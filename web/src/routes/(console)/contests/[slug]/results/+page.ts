import { api } from '$lib/api';
import { failLoad } from '$lib/errors';
import { resultsApi } from '$lib/results/api';
import { DEFAULT_TOLERANCE } from '$lib/results/results.svelte';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, params, parent }) => {
  await parent();
  try {
    const [results, detail] = await Promise.all([
      resultsApi.results(params.slug, DEFAULT_TOLERANCE, fetch),
      api.contest(params.slug, fetch),
    ]);
    return { results, detail };
  } catch (err) {
    failLoad(err, url);
  }
};
