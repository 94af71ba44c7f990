import { api } from '$lib/api';
import { loadErrorTable } from '$lib/error-table.svelte';
import { failLoad } from '$lib/errors';
import { locale } from '$lib/i18n/locale.svelte';
import { stageApi } from '$lib/stage/api';
import type { PageLoad } from './$types';

// The host's console needs an organizer or host session: without one, the login page and back.
export const load: PageLoad = async ({ fetch, params, url }) => {
  try {
    const [{ account }] = await Promise.all([
      api.me(fetch),
      locale.need('live', 'liveDesk', 'closing', 'closingDesk', 'quiz', 'quizDesk'),
      loadErrorTable(),
    ]);
    const [contest, detail] = await Promise.all([stageApi.publicContest(params.slug, fetch), api.contest(params.slug, fetch)]);
    const judges = detail.package.judges.map((j) => ({ key: j.key, name: j.name, title: j.title ?? null }));
    const quizRounds = detail.package.rounds.filter((r) => r.kind === 'quiz');
    return { account, contest, judges, quizRounds };
  } catch (err) {
    failLoad(err, url);
  }
};
