/** Loading a public page of the room: the contest's public facts, or the error page. */
import type { PublicContest } from '$contract/api';
import { failLoad } from '$lib/errors';
import { locale, type AreaPart } from '$lib/i18n/locale.svelte';
import { stageApi } from './api';

/** `parts`: the parts of the catalog the page reads (fetched meanwhile). */
export async function loadPublicContest(
  slug: string,
  fetch: typeof globalThis.fetch,
  url: URL,
  parts: AreaPart[],
): Promise<PublicContest> {
  try {
    const [contest] = await Promise.all([stageApi.publicContest(slug, fetch), locale.need(...parts)]);
    // The big screen, the phones and the overlay speak the contest's language unless the
    // reader chose one on this device.
    await locale.suggest(contest.locale);
    return contest;
  } catch (err) {
    failLoad(err, url);
  }
}
