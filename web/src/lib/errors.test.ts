/** Wording a failure: the contract's table once it is here, the server's own message meanwhile. */
import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { loadErrorTable } from './error-table.svelte';
import { describeError } from './errors';
import { Locale } from './i18n/locale.svelte';

describe('describeError', () => {
  it("says the server's message until the table is fetched, then the table's words in the reader's language", async () => {
    const locale = new Locale();
    const err = new ApiError(404, 'CONTEST_NOT_FOUND', 'từ máy chủ');
    expect(describeError(err, locale)).toBe('từ máy chủ');
    await loadErrorTable();
    const { ERRORS } = await import('$contract/errors');
    expect(describeError(err, locale)).toBe(ERRORS.CONTEST_NOT_FOUND.vi);
    // A refusal that names a field keeps the server's detail; a failure that is not the API's is unexpected.
    expect(describeError(new ApiError(400, 'VALIDATION', 'chi tiết', 'teams.0.name'), locale)).toBe('chi tiết');
    expect(describeError(new Error('x'), locale)).toBe(locale.t.errors.unexpected);
  });
});
