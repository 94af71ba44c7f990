import { api } from '$lib/api';
import { failLoad } from '$lib/errors';
import { reviewApi } from '$lib/review/api';
import { FILTERS, type Filter } from '$lib/review/status';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, params, parent }) => {
  await parent();
  try {
    const [detail, list, draw] = await Promise.all([
      api.contest(params.slug, fetch),
      reviewApi.list(params.slug, fetch),
      reviewApi.draw(params.slug, fetch),
    ]);
    const asked = url.searchParams.get('status');
    const filter: Filter = (FILTERS as readonly string[]).includes(asked ?? '') ? (asked as Filter) : 'all';
    const pkg = detail.package;
    return { contest: { slug: pkg.slug, title: pkg.title, units: pkg.units }, list, draw, filter };
  } catch (err) {
    failLoad(err, url);
  }
};
