import { error } from '@sveltejs/kit';
import { ERRORS } from '$contract/errors';
import { api } from '$lib/api';
import { failLoad } from '$lib/errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, params, parent }) => {
  const { account } = await parent();
  if (account.role !== 'organizer') error(403, { message: ERRORS.FORBIDDEN.vi, code: 'FORBIDDEN' });
  try {
    const detail = await api.contest(params.slug, fetch);
    return { detail };
  } catch (err) {
    failLoad(err, url);
  }
};
