/** Loading a public page of the room: the contest's public facts, or the error page. */
import type { PublicContest } from '$contract/api';
import { failLoad } from '$lib/errors';
import { stageApi } from './api';

export async function loadPublicContest(slug: string, fetch: typeof globalThis.fetch, url: URL): Promise<PublicContest> {
  try {
    return await stageApi.publicContest(slug, fetch);
  } catch (err) {
    failLoad(err, url);
  }
}
