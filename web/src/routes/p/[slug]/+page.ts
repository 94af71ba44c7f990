import { failLoad } from '$lib/errors';
import { resultsApi } from '$lib/results/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  try {
    return { contest: await resultsApi.publicContest(params.slug, fetch) };
  } catch (err) {
    failLoad(err, url);
  }
};
