import { api } from '$lib/api';
import { failLoad } from '$lib/errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, params, parent }) => {
  await parent();
  try {
    return await api.contest(params.slug, fetch);
  } catch (err) {
    failLoad(err, url);
  }
};
