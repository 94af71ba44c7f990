import { api } from '$lib/api';
import { failLoad } from '$lib/errors';
import { reviewApi } from '$lib/review/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, params, parent }) => {
  await parent();
  try {
    const [detail, list] = await Promise.all([api.contest(params.slug, fetch), reviewApi.list(params.slug, fetch)]);
    const pkg = detail.package;
    // The approved teams, in running order: the ones that come on stage and answer the quiz.
    const teams = list.teams
      .filter((team) => team.status === 'active')
      .sort((a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER));
    return { contest: { slug: pkg.slug, title: pkg.title }, teams };
  } catch (err) {
    failLoad(err, url);
  }
};
