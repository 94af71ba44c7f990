import { api } from '$lib/api';
import { loadErrorTable } from '$lib/error-table.svelte';
import { failLoad } from '$lib/errors';
import { locale } from '$lib/i18n/locale.svelte';
import type { LayoutLoad } from './$types';

// Every console page needs a session: without one, the login page (and back here afterwards).
// The console's messages (its own part, every area's and the contract's table of errors, which
// its forms word at once) are fetched meanwhile.
export const load: LayoutLoad = async ({ fetch, url }) => {
  try {
    const [{ account }] = await Promise.all([
      api.me(fetch),
      loadErrorTable(),
      locale.need(
        'console',
        'contest',
        'judge',
        'live',
        'liveDesk',
        'closing',
        'closingDesk',
        'results',
        'quiz',
        'quizDesk',
        'registration',
        'registrationForm',
      ),
    ]);
    return { account };
  } catch (err) {
    failLoad(err, url);
  }
};
