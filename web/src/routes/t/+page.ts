import { locale } from '$lib/i18n/locale.svelte';

/** The parts of the catalog this page reads. */
export async function load() {
  await locale.need('quiz', 'registration');
}
