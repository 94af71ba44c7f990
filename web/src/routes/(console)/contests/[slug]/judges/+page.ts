import { api } from '$lib/api';
import { failLoad } from '$lib/errors';
import { judgesAdminApi } from '$lib/judge/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, params, parent }) => {
  await parent();
  try {
    const [detail, links] = await Promise.all([api.contest(params.slug, fetch), judgesAdminApi.list(params.slug, fetch)]);
    return { pkg: detail.package, judges: links.judges };
  } catch (err) {
    failLoad(err, url);
  }
};
