import { loadPublicContest } from '$lib/stage/load';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => ({
  contest: await loadPublicContest(params.slug, fetch, url, ['live', 'registration', 'registrationForm', 'results', 'contest']),
});
