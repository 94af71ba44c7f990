import { error } from '@sveltejs/kit';
import { ERRORS } from '$contract/errors';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  // The session is checked first (the layout's /api/auth/me); only an organizer creates contests.
  const { account } = await parent();
  if (account.role !== 'organizer') error(403, { message: ERRORS.FORBIDDEN.vi, code: 'FORBIDDEN' });
  return {};
};
