/**
 * The console's only way to the server: JSON over fetch with the session cookie. A non-2xx answer
 * becomes an ApiError carrying the server's `{ error: { code, message, path?, issues? } }`.
 */
import type { ContestCreated, ContestDetail, ContestSummary, ErrorBody, Role } from '$contract/api';

export type Issue = NonNullable<ErrorBody['error']['issues']>[number];
export interface Account {
  email: string;
  role: Role;
}

type Fetch = typeof fetch;

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The API's error code (server/contract/errors.ts), or NETWORK / UNEXPECTED. */
    readonly code: string,
    message: string,
    readonly path?: string,
    readonly issues: readonly Issue[] = [],
    /** Seconds the server asks to wait (429). */
    readonly retryAfter?: number,
    /** The body's other top-level fields (e.g. `teams` of ROUND_INCOMPLETE, `issues` of RESULTS_NOT_FINAL). */
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isIssue(value: unknown): value is Issue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['path'] === 'string' && typeof v['code'] === 'string' && typeof v['message'] === 'string';
}

/**
 * An error answer read defensively (a proxy or a crash may answer with anything): the text of the
 * body and the Retry-After header. Calls made with XMLHttpRequest (for upload progress) use it too.
 */
export function errorFromText(status: number, text: string, retryAfterHeader: string | null, statusText = ''): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const retry = Number(retryAfterHeader);
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : undefined;
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const e = error as Record<string, unknown>;
    const code = typeof e['code'] === 'string' ? e['code'] : 'UNEXPECTED';
    const message = typeof e['message'] === 'string' ? e['message'] : '';
    const path = typeof e['path'] === 'string' ? e['path'] : undefined;
    const issues = Array.isArray(e['issues']) ? e['issues'].filter(isIssue) : [];
    const { error: _error, ...extra } = body as Record<string, unknown>;
    return new ApiError(status, code, message, path, issues, retryAfter, extra);
  }
  return new ApiError(status, 'UNEXPECTED', statusText, undefined, [], retryAfter);
}

async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  return errorFromText(res.status, text, res.headers.get('retry-after'), res.statusText);
}

export interface RequestOptions {
  /** Extra request headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
  /** A value sent as JSON. */
  json?: unknown;
  /** Text that is already JSON, sent byte for byte. */
  rawJson?: string;
  /** A multipart/form-data body (the browser sets its boundary). */
  form?: FormData;
  fetch?: Fetch;
}

/** One JSON request to the API; other modules of $lib build their calls on it. */
export async function request<T>(method: string, url: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let body: string | FormData | undefined;
  if (opts.form !== undefined) body = opts.form;
  else if (opts.rawJson !== undefined) body = opts.rawJson;
  else if (opts.json !== undefined) body = JSON.stringify(opts.json);
  if (typeof body === 'string') headers['content-type'] = 'application/json';

  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(res.status, 'UNEXPECTED', '');
  }
}

export const enc = encodeURIComponent;

/** One file sent as multipart/form-data in the field "file" (spreadsheet imports, pictures). */
export function upload<T>(method: string, url: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<T>(method, url, { form });
}

export const api = {
  me: (f?: Fetch) => request<{ account: Account }>('GET', '/api/auth/me', { fetch: f }),
  login: (email: string, password: string) =>
    request<{ account: Account }>('POST', '/api/auth/login', { json: { email, password } }),
  logout: () => request<void>('POST', '/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<{ account: Account }>('POST', '/api/auth/password', { json: { currentPassword, newPassword } }),
  contests: (f?: Fetch) => request<{ contests: ContestSummary[] }>('GET', '/api/contests', { fetch: f }),
  contest: (slug: string, f?: Fetch) => request<ContestDetail>('GET', `/api/contests/${enc(slug)}`, { fetch: f }),
  /** Imports a contest package; `json` is sent exactly as given. */
  importContest: (json: string) => request<ContestCreated>('POST', '/api/contests', { rawJson: json }),
  deleteContest: (slug: string) => request<void>('DELETE', `/api/contests/${enc(slug)}`),
};

export const urls = {
  schema: '/api/schema/contest.json',
  backup: '/api/backup',
  exportPackage: (slug: string) => `/api/contests/${enc(slug)}/package?download=1`,
};
