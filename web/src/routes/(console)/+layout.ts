import { api } from '$lib/api';
import { failLoad } from '$lib/errors';
import type { LayoutLoad } from './$types';

// Every console page needs a session: without one, the login page (and back here afterwards).
export const load: LayoutLoad = async ({ fetch, url }) => {
  try {
    const { account } = await api.me(fetch);
    return { account };
  } catch (err) {
    failLoad(err, url);
  }
};
