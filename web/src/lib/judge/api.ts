/**
 * The judge's calls to the API (api.md "Judges") and the organizer's calls for the judges page.
 * Types only come from the contract: the browser bundle never imports zod.
 */
import type { JudgeMe, Receipt, Sheet, SheetResult, SheetStatus } from '$contract/judging';
import { ApiError, enc, request } from '$lib/api';

export type { JudgeMe, Receipt, Sheet, SheetResult, SheetStatus };
export type JudgeContest = JudgeMe['contest'];
export type RubricRound = JudgeContest['rounds'][number];
export type Criterion = RubricRound['criteria'][number];
export type JudgeTeam = JudgeContest['teams'][number];
export type Stage = JudgeMe['stage'];

/** A stored sheet as GET /api/judge/sheets gives it: with the receipt of its last version. */
export type ServerSheet = Sheet & { receipt: Receipt | null };
export interface JudgeSheets {
  sheets: ServerSheet[];
  locked: { round: string; team: string }[];
}

export interface JudgeLink {
  key: string;
  name: string;
  title: string | null;
  unit: string | null;
  url: string | null;
  revoked: boolean;
  conflicts: string[];
  /** The tablet holding the link (one device per link), or null while none does. */
  device: { boundAt: string; seenAt: string | null } | null;
}

export type LinkAction = 'reissue' | 'revoke' | 'release';

export const judgeApi = {
  login: (token: string) =>
    request<{ judge: { key: string; name: string }; contest: string }>('POST', '/api/judge/login', { json: { token } }),
  logout: () => request<void>('POST', '/api/judge/logout'),
  me: () => request<JudgeMe>('GET', '/api/judge/me'),
  sheets: () => request<JudgeSheets>('GET', '/api/judge/sheets'),
};

export const judgesAdminApi = {
  list: (slug: string, f?: typeof fetch) =>
    request<{ judges: JudgeLink[] }>('GET', `/api/contests/${enc(slug)}/judges`, { fetch: f }),
  link: (slug: string, judge: string, action: LinkAction, reason?: string) =>
    request<JudgeLink>('POST', `/api/contests/${enc(slug)}/judges/${enc(judge)}/link`, {
      json: reason ? { action, reason } : { action },
    }),
  conflicts: (slug: string, judge: string, teams: string[], reason?: string) =>
    request<{ judge: string; conflicts: string[] }>('PUT', `/api/contests/${enc(slug)}/judges/${enc(judge)}/conflicts`, {
      json: reason ? { teams, reason } : { teams },
    }),
};

export interface SheetWrite {
  marks: Record<string, number>;
  status: SheetStatus;
  baseVersion?: number;
  /** The judge's comment; null clears it; left out, the server keeps the stored one. */
  comment?: string | null;
}

/** What one PUT of a sheet came to. A 409 VERSION_CONFLICT carries the server's current sheet. */
export type PutOutcome = { ok: true; result: SheetResult } | { ok: false; error: ApiError; current: Sheet | null };

/**
 * PUT /api/contests/:slug/sheets/:round/:team with its Idempotency-Key. Not through `request`
 * because a version conflict's body holds `current`, which the judge must see.
 */
export async function putSheet(slug: string, round: string, team: string, key: string, body: SheetWrite): Promise<PutOutcome> {
  let res: Response;
  try {
    res = await fetch(`/api/contests/${enc(slug)}/sheets/${enc(round)}/${enc(team)}`, {
      method: 'PUT',
      headers: { accept: 'application/json', 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, error: new ApiError(0, 'NETWORK', ''), current: null };
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  if (res.ok) {
    if (isSheetResult(json)) return { ok: true, result: json };
    return { ok: false, error: new ApiError(res.status, 'UNEXPECTED', ''), current: null };
  }
  const obj = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  const e = typeof obj['error'] === 'object' && obj['error'] !== null ? (obj['error'] as Record<string, unknown>) : {};
  const retry = Number(res.headers.get('retry-after'));
  const error = new ApiError(
    res.status,
    typeof e['code'] === 'string' ? e['code'] : 'UNEXPECTED',
    typeof e['message'] === 'string' ? e['message'] : '',
    typeof e['path'] === 'string' ? e['path'] : undefined,
    [],
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
  const current = isSheet(obj['current']) ? obj['current'] : null;
  return { ok: false, error, current };
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
