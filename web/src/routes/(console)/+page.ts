import { api } from '$lib/api';
import { failLoad } from '$lib/errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, parent }) => {
  // The session is checked first (the layout's /api/auth/me); without one we are already redirected.
  await parent();
  try {
    const { contests } = await api.contests(fetch);
    return { contests };
  } catch (err) {
    failLoad(err, url);
  }
};
