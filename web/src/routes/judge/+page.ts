import { loadErrorTable } from '$lib/error-table.svelte';
import { locale } from '$lib/i18n/locale.svelte';

/** The parts of the catalog this page reads (and the contract's table of errors, which its area words). */
export async function load() {
  await Promise.all([locale.need('judge', 'live', 'contest'), loadErrorTable()]);
}
