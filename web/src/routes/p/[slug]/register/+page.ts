import { failLoad } from '$lib/errors';
import { locale } from '$lib/i18n/locale.svelte';
import { registrationApi } from '$lib/registration/api';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, url }) => {
  try {
    const [contest] = await Promise.all([
      registrationApi.contest(params.slug, fetch),
      locale.need('registration', 'registrationForm'),
    ]);
    await locale.suggest(contest.locale);
    return { contest };
  } catch (err) {
    failLoad(err, url);
  }
};
