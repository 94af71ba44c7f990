import { api } from '$lib/api';
import { failLoad } from '$lib/errors';
import { locale } from '$lib/i18n/locale.svelte';
import type { LayoutLoad } from './$types';

// Every console page needs a session: without one, the login page (and back here afterwards).
// The console's own messages (editor, review) are fetched meanwhile.
export const load: LayoutLoad = async ({ fetch, url }) => {
  try {
    const [{ account }] = await Promise.all([api.me(fetch), locale.need('console')]);
    return { account };
  } catch (err) {
    failLoad(err, url);
  }
};
