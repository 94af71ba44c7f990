import { tick } from 'svelte';
import { fieldId } from './editor.svelte';

/** The editor's lists of rows, and what one row of each is called in element ids and test ids. */
export const ROW_OF = { rounds: 'round', teams: 'team', judges: 'judge', prizes: 'prize' } as const;
export type ListName = keyof typeof ROW_OF;

/** Moves the focus to the field at `path` once the DOM shows it (a row just added). */
export async function focusField(path: string): Promise<void> {
  await tick();
  document.getElementById(fieldId(path))?.focus();
}
