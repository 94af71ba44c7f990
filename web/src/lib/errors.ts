import { error, redirect } from '@sveltejs/kit';
import { ApiError } from './api';
import { errorWording } from './error-table.svelte';
import type { Locale } from './i18n/locale.svelte';

/**
 * The words for a failure in the reader's current language. A plain API error is worded from the
 * contract's table, so it follows a language switch; one that names a field keeps the server's
 * own (already localised) detail.
 */
export function describeError(err: unknown, locale: Locale): string {
  const t = locale.t;
  if (!(err instanceof ApiError)) return t.errors.unexpected;
  if (err.code === 'NETWORK') return t.errors.network;
  // The server's own message stands in while the contract's table is fetched (error-table.svelte.ts).
  const worded = err.path ? undefined : errorWording(err.code, locale.lang);
  let text = worded ?? (err.message || t.errors.unexpected);
  if (err.status === 429 && err.retryAfter) text = `${text}. ${t.errors.retryAfter(err.retryAfter)}`;
  return text;
}

/** Where to go back after signing in: only a path of this site. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

/** In a load function: a missing session goes to the login page, anything else to +error. */
export function failLoad(err: unknown, url: URL): never {
  if (err instanceof ApiError) {
    if (err.status === 401) {
      const next = url.pathname + url.search;
      redirect(303, next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
    }
    if (err.status >= 400 && err.status < 600) error(err.status, { message: err.message, code: err.code });
    error(503, { message: err.message, code: err.code });
  }
  throw err;
}
