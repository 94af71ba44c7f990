/**
 * The judge's calls to the API (api.md "Judges") and the organizer's calls for the judges page.
 * Types only come from the contract: the browser bundle never imports zod.
 */
import type { JudgeMe, Receipt, Sheet, SheetResult, SheetStatus } from '$contract/judging';
import type { RouteBody, RouteResponse } from '$contract/routes';
import { ApiError, request } from '$lib/api';

export type { JudgeMe, Receipt, Sheet, SheetResult, SheetStatus };
export type JudgeContest = JudgeMe['contest'];
export type RubricRound = JudgeContest['rounds'][number];
export type Criterion = RubricRound['criteria'][number];
export type JudgeTeam = JudgeContest['teams'][number];
export type Stage = JudgeMe['stage'];

export type JudgeSheets = RouteResponse<'GET /api/judge/sheets'>;
/** A stored sheet as GET /api/judge/sheets gives it: with the receipt of its last version. */
export type ServerSheet = JudgeSheets['sheets'][number];
export type JudgeLink = RouteResponse<'GET /api/contests/:slug/judges'>['judges'][number];
export type LinkAction = RouteBody<'POST /api/contests/:slug/judges/:judge/link'>['action'];

export const judgeApi = {
  login: (token: string) => request('POST /api/judge/login', { body: { token } }),
  logout: () => request('POST /api/judge/logout'),
  me: () => request('GET /api/judge/me'),
  sheets: () => request('GET /api/judge/sheets'),
};

export const judgesAdminApi = {
  list: (slug: string, f?: typeof fetch) => request('GET /api/contests/:slug/judges', { params: { slug }, fetch: f }),
  link: (slug: string, judge: string, action: LinkAction, reason?: string) =>
    request('POST /api/contests/:slug/judges/:judge/link', {
      params: { slug, judge },
      body: reason ? { action, reason } : { action },
    }),
  conflicts: (slug: string, judge: string, teams: string[], reason?: string) =>
    request('PUT /api/contests/:slug/judges/:judge/conflicts', {
      params: { slug, judge },
      body: reason ? { teams, reason } : { teams },
    }),
};

export type SheetWrite = RouteBody<'PUT /api/contests/:slug/sheets/:round/:team'>;

/** What one PUT of a sheet came to. A 409 VERSION_CONFLICT carries the server's current sheet. */
export type PutOutcome = { ok: true; result: SheetResult } | { ok: false; error: ApiError; current: Sheet | null };

/**
 * PUT /api/contests/:slug/sheets/:round/:team with its Idempotency-Key, never from the cache. Its
 * failure is an outcome, not a throw: a 409 VERSION_CONFLICT carries the server's current sheet,
 * which the judge must see.
 */
export async function putSheet(slug: string, round: string, team: string, key: string, body: SheetWrite): Promise<PutOutcome> {
  try {
    const result = await request('PUT /api/contests/:slug/sheets/:round/:team', {
      params: { slug, round, team },
      body,
      headers: { 'idempotency-key': key },
      cache: 'no-store',
    });
    if (isSheetResult(result)) return { ok: true, result };
    return { ok: false, error: new ApiError(200, 'UNEXPECTED', ''), current: null };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const current = err.extra['current'];
    return { ok: false, error: err, current: isSheet(current) ? current : null };
  }
}

function isSheet(value: unknown): value is Sheet {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['version'] === 'number' && typeof v['marks'] === 'object' && v['marks'] !== null && typeof v['status'] === 'string'
  );
}

function isSheetResult(value: unknown): value is SheetResult {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const r = v['receipt'] as Record<string, unknown> | undefined;
  return isSheet(v['sheet']) && typeof r === 'object' && r !== null && typeof r['hash'] === 'string';
}
