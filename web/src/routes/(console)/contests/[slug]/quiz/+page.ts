import { api } from '$lib/api';
import { failLoad } from '$lib/errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, params, parent }) => {
  await parent();
  try {
    const detail = await api.contest(params.slug, fetch);
    const quizRounds = detail.package.rounds.filter((r) => r.kind === 'quiz');
    return { slug: detail.package.slug, title: detail.package.title, quizRounds };
  } catch (err) {
    failLoad(err, url);
  }
};
