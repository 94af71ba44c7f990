import { api } from '$lib/api';
import { failLoad } from '$lib/errors';
import { votingApi } from '$lib/stage/voting-api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, params, parent }) => {
  await parent();
  try {
    const detail = await api.contest(params.slug, fetch);
    const list = await votingApi.tickets(params.slug);
    return { contest: { slug: detail.package.slug, title: detail.package.title }, tickets: list.tickets };
  } catch (err) {
    failLoad(err, url);
  }
};
