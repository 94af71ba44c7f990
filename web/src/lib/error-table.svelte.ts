/**
 * The contract's wording of the API's error codes, in both languages: a table of its own (about
 * 6 kB gzipped), fetched the first time a page words an API error, so that the phones and the
 * big screen do not download it with their first load. Until it is here, a caller falls back on
 * the server's own message, worded from the same table in the language of the `hoithi_lang`
 * cookie; once it is, a reactive caller (a template, a $derived) words the error again.
 */
import type { ErrorCode, ERRORS, Lang } from '$contract/errors';

let table = $state.raw<typeof ERRORS | null>(null);
let loading: Promise<void> | null = null;

/** Starts fetching the table (once; a failed fetch is tried again the next time). */
export function loadErrorTable(): Promise<void> {
  loading ??= import('$contract/errors').then(
    (m) => {
      table = m.ERRORS;
    },
    () => {
      loading = null;
    },
  );
  return loading;
}

/** The contract's words for an error code, or undefined for an unknown code or while the table is fetched. */
export function errorWording(code: string, lang: Lang): string | undefined {
  if (!table) {
    void loadErrorTable();
    return undefined;
  }
  return Object.hasOwn(table, code) ? table[code as ErrorCode][lang] : undefined;
}
