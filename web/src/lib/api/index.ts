/**
 * The web app's only way to the server: JSON over fetch with the session cookie, through one client
 * keyed by the contract's routes (server/contract/routes.ts). A non-2xx answer becomes an ApiError
 * carrying the server's `{ error: { code, message, path?, issues? } }`.
 */
import type { ErrorBody } from '$contract/api';
import type {
  FileRouteKey,
  JsonRouteKey,
  RouteBody,
  RouteKey,
  RouteMultipart,
  RouteParams,
  RouteQuery,
  RouteResponse,
} from '$contract/routes';

export type Issue = NonNullable<ErrorBody['error']['issues']>[number];
export type Account = RouteResponse<'GET /api/auth/me'>['account'];

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

type Fetch = typeof fetch;

/** What every call may add: extra headers (an Idempotency-Key), a cache mode, another fetch (a load function's). */
export interface CallOptions {
  headers?: Record<string, string>;
  cache?: RequestCache;
  fetch?: Fetch;
}

type ParamsOption<K extends RouteKey> = [RouteParams<K>] extends [never]
  ? { params?: never }
  : { params: { [P in keyof RouteParams<K>]: RouteParams<K>[P] } };
type QueryOption<K extends RouteKey> = [RouteQuery<K>] extends [never]
  ? { query?: never }
  : object extends RouteQuery<K>
    ? { query?: RouteQuery<K> }
    : { query: RouteQuery<K> };
type BodyOption<K extends RouteKey> = [RouteMultipart<K>] extends [never]
  ? [RouteBody<K>] extends [never]
    ? { body?: never; rawJson?: never }
    : // Text that is already JSON (an imported package) goes byte for byte.
      { body: RouteBody<K>; rawJson?: never } | { rawJson: string; body?: never }
  : [RouteMultipart<K>] extends ['file']
    ? { file: File; body?: never; rawJson?: never }
    : { form: FormData; body?: never; rawJson?: never };

/** The options of one route's call: its params, query and body as the contract types them. */
export type RequestOptions<K extends RouteKey> = ParamsOption<K> & QueryOption<K> & BodyOption<K> & CallOptions;
/** Only a route with nothing required may be called without options. */
type OptionsArg<K extends RouteKey> = object extends RequestOptions<K> ? [opts?: RequestOptions<K>] : [opts: RequestOptions<K>];

/** A route's URL needs only its params and query. */
type UrlOptions<K extends RouteKey> = ParamsOption<K> & QueryOption<K>;
type UrlArg<K extends RouteKey> = object extends UrlOptions<K> ? [opts?: UrlOptions<K>] : [opts: UrlOptions<K>];

interface AnyOptions extends CallOptions {
  params?: Readonly<Record<string, unknown>>;
  query?: Readonly<Record<string, unknown>>;
  body?: unknown;
  rawJson?: string;
  file?: File;
  form?: FormData;
}

/** The options an overload checked against the route map, read by the implementation. */
function optionsOf(args: readonly unknown[]): AnyOptions {
  const [opts] = args;
  return isOptions(opts) ? opts : {};
}
function isOptions(value: unknown): value is AnyOptions {
  return typeof value === 'object' && value !== null;
}

const enc = encodeURIComponent;

/** The method and the path of a route key: `'GET /api/contests/:slug'` → GET, `/api/contests/:slug`. */
function split(key: RouteKey): { method: string; pattern: string } {
  const space = key.indexOf(' ');
  return { method: key.slice(0, space), pattern: key.slice(space + 1) };
}

/** The URL of a route: each `:name` replaced by its parameter, encoded; the query's set values appended. */
function buildUrl(pattern: string, opts: AnyOptions): string {
  const path = pattern.replace(/:([A-Za-z][A-Za-z0-9]*)/g, (_, name: string) => {
    const value = opts.params?.[name];
    if (value === undefined || value === null) throw new TypeError(`${pattern}: no value for :${name}`);
    return enc(String(value));
  });
  const query = Object.entries(opts.query ?? {})
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => `${enc(name)}=${enc(String(value))}`)
    .join('&');
  return query ? `${path}?${query}` : path;
}

/** Where a route is served, e.g. for a link or an image: `routeUrl('GET /api/contests/:slug/results.csv', { params: { slug } })`. */
export function routeUrl<K extends RouteKey>(key: K, ...opts: UrlArg<K>): string;
export function routeUrl(key: RouteKey, ...args: unknown[]): string {
  return buildUrl(split(key).pattern, optionsOf(args));
}

/**
 * A success answer's body as the route's type. The one place where the client takes the server at
 * its word: the server serializes every JSON answer through the route's response schema.
 */
export function decode<K extends JsonRouteKey>(_key: K, status: number, text: string): RouteResponse<K> {
  const value: unknown = status === 204 ? undefined : JSON.parse(text);
  return value as RouteResponse<K>;
}

async function send(key: RouteKey, opts: AnyOptions): Promise<Response> {
  const { method, pattern } = split(key);
  const url = buildUrl(pattern, opts);
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let body: string | FormData | undefined;
  if (opts.file !== undefined) {
    body = new FormData();
    body.append('file', opts.file, opts.file.name);
  } else if (opts.form !== undefined) body = opts.form;
  else if (opts.rawJson !== undefined) body = opts.rawJson;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (typeof body === 'string') headers['content-type'] = 'application/json';

  const init: RequestInit = { method, headers, body, credentials: 'same-origin' };
  if (opts.cache) init.cache = opts.cache;
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url, init);
  } catch {
    throw new ApiError(0, 'NETWORK', '');
  }
  if (!res.ok) throw await toApiError(res);
  return res;
}

/**
 * The web app's one way to the API: a route of the contract's map, its params, query and body
 * type-checked, its answer typed. A non-2xx answer becomes an ApiError; no answer, NETWORK.
 */
export function request<K extends JsonRouteKey>(key: K, ...opts: OptionsArg<K>): Promise<RouteResponse<K>>;
export async function request(key: JsonRouteKey, ...args: unknown[]): Promise<unknown> {
  const res = await send(key, optionsOf(args));
  let text = '';
  if (res.status !== 204) text = await res.text().catch(() => '');
  try {
    return decode(key, res.status, text);
  } catch {
    throw new ApiError(res.status, 'UNEXPECTED', '');
  }
}

/** A download: the route's answer as it came, or the ApiError of its failure (a saved error body helps no one). */
export function requestFile<K extends FileRouteKey>(key: K, ...opts: OptionsArg<K>): Promise<Response>;
export function requestFile(key: FileRouteKey, ...args: unknown[]): Promise<Response> {
  return send(key, optionsOf(args));
}

export const api = {
  me: (f?: Fetch) => request('GET /api/auth/me', { fetch: f }),
  login: (email: string, password: string) => request('POST /api/auth/login', { body: { email, password } }),
  logout: () => request('POST /api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) =>
    request('POST /api/auth/password', { body: { currentPassword, newPassword } }),
  contests: (f?: Fetch) => request('GET /api/contests', { fetch: f }),
  contest: (slug: string, f?: Fetch) => request('GET /api/contests/:slug', { params: { slug }, fetch: f }),
  /** Imports a contest package; `json` is sent exactly as given. */
  importContest: (json: string) => request('POST /api/contests', { rawJson: json }),
  deleteContest: (slug: string) => request('DELETE /api/contests/:slug', { params: { slug } }),
};

export const urls = {
  schema: routeUrl('GET /api/schema/contest.json'),
  backup: routeUrl('GET /api/backup'),
  exportPackage: (slug: string) => routeUrl('GET /api/contests/:slug/package', { params: { slug }, query: { download: '1' } }),
};
