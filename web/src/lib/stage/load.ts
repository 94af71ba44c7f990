/** Loading a public page of the room: the contest's public facts, or the error page. */
import type { PublicContest } from '$contract/api';
import { failLoad } from '$lib/errors';
import { locale } from '$lib/i18n/locale.svelte';
import { stageApi } from './api';

export async function loadPublicContest(slug: string, fetch: typeof globalThis.fetch, url: URL): Promise<PublicContest> {
  try {
    const contest = await stageApi.publicContest(slug, fetch);
    // The big screen, the phones and the overlay speak the contest's language unless the
    // reader chose one on this device.
    await locale.suggest(contest.locale);
    return contest;
  } catch (err) {
    failLoad(err, url);
  }
}
