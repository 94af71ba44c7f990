import { describe, expect, it } from 'vitest';
import { ApiError, request, requestFile, routeUrl } from './index';

interface Call {
  url: string;
  init: RequestInit;
}

/** A fetch that records each call and answers with `answer`. */
function fakeFetch(answer: () => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    calls.push({ url: String(input), init: init ?? {} });
    return answer();
  };
  return { calls, fetch };
}

const json = (value: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(value), { status: 200, ...init, headers: { 'content-type': 'application/json', ...init.headers } });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('the call succeeded');
}

describe('request: the typed client', () => {
  it('fills the path from params, each one encoded, and sends the session cookie', async () => {
    const f = fakeFetch(() => json({ package: {}, hasMarks: false, createdAt: '', revision: 'r' }));
    const detail = await request('GET /api/contests/:slug', { params: { slug: 'hội thi/2025?x' }, fetch: f.fetch });
    expect(detail.revision).toBe('r');
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]?.url).toBe('/api/contests/h%E1%BB%99i%20thi%2F2025%3Fx');
    expect(f.calls[0]?.init.method).toBe('GET');
    expect(f.calls[0]?.init.credentials).toBe('same-origin');
    expect(f.calls[0]?.init.headers).toEqual({ accept: 'application/json' });
    expect(f.calls[0]?.init.body).toBeUndefined();
  });

  it('fills several params in their places', async () => {
    const f = fakeFetch(() => json({ question: 'q1', team: 't1', choice: 2, answeredAt: 'x' }));
    await request('POST /api/contests/:slug/quiz/:round/:question/answers', {
      params: { slug: 's', round: 'r 1', question: 'q&1' },
      body: { choice: 2 },
      fetch: f.fetch,
    });
    expect(f.calls[0]?.url).toBe('/api/contests/s/quiz/r%201/q%261/answers');
  });

  it('appends the query, encoded, leaving out unset values', async () => {
    const f = fakeFetch(() => json({ counts: {}, teams: [] }));
    await request('GET /api/contests/:slug/registrations', {
      params: { slug: 'a' },
      query: { status: 'pending' },
      fetch: f.fetch,
    });
    await request('GET /api/contests/:slug/registrations', {
      params: { slug: 'a' },
      query: { status: undefined },
      fetch: f.fetch,
    });
    await request('GET /api/contests/:slug/registrations', { params: { slug: 'a' }, fetch: f.fetch });
    expect(f.calls.map((c) => c.url)).toEqual([
      '/api/contests/a/registrations?status=pending',
      '/api/contests/a/registrations',
      '/api/contests/a/registrations',
    ]);
  });

  it('sends a body as JSON with its content type, and extra headers and the cache mode as given', async () => {
    const f = fakeFetch(() => json({ sheet: {}, receipt: {} }));
    await request('PUT /api/contests/:slug/sheets/:round/:team', {
      params: { slug: 's', round: 'r', team: 't' },
      body: { marks: { c1: 7.5 }, status: 'draft', comment: null },
      headers: { 'idempotency-key': 'k-1' },
      cache: 'no-store',
      fetch: f.fetch,
    });
    const init = f.calls[0]?.init;
    expect(init?.method).toBe('PUT');
    expect(init?.headers).toEqual({ accept: 'application/json', 'idempotency-key': 'k-1', 'content-type': 'application/json' });
    expect(init?.cache).toBe('no-store');
    expect(JSON.parse(String(init?.body))).toEqual({ marks: { c1: 7.5 }, status: 'draft', comment: null });
  });

  it('sends JSON text byte for byte', async () => {
    const f = fakeFetch(() => json({ slug: 'x', judges: [], teams: [] }, { status: 201 }));
    const text = '{ "format":"hoithi/contest@1" ,"slug":"x"}';
    const created = await request('POST /api/contests', { rawJson: text, fetch: f.fetch });
    expect(created.slug).toBe('x');
    expect(f.calls[0]?.init.body).toBe(text);
    expect(f.calls[0]?.init.headers).toMatchObject({ 'content-type': 'application/json' });
  });

  it('sends a file as multipart/form-data in the field "file", leaving the content type to the browser', async () => {
    const f = fakeFetch(() => json({ units: ['A'], errors: [] }));
    const file = new File(['Đơn vị\nA\n'], 'units.csv', { type: 'text/csv' });
    const read = await request('POST /api/units/import', { file, fetch: f.fetch });
    expect(read.units).toEqual(['A']);
    const body = f.calls[0]?.init.body;
    expect(body).toBeInstanceOf(FormData);
    const part = (body as FormData).get('file');
    expect(part).toBeInstanceOf(File);
    expect((part as File).name).toBe('units.csv');
    expect(await (part as File).text()).toBe('Đơn vị\nA\n');
    expect(f.calls[0]?.init.headers).toEqual({ accept: 'application/json' });
  });

  it('answers undefined for a 204 without reading a body', async () => {
    const f = fakeFetch(() => new Response(null, { status: 204 }));
    await expect(request('POST /api/auth/logout', { fetch: f.fetch })).resolves.toBeUndefined();
    expect(f.calls[0]?.init.method).toBe('POST');
  });

  it("turns an error answer into an ApiError with the server's code, message, field, issues and other fields", async () => {
    const f = fakeFetch(() =>
      json(
        {
          error: {
            code: 'VALIDATION',
            message: 'Bad field',
            path: 'marks.c1',
            issues: [{ path: 'marks.c1', code: 'too_big', message: 'At most 10' }, { path: 3 }],
          },
          current: { version: 4 },
        },
        { status: 409, headers: { 'retry-after': '7' } },
      ),
    );
    const err = await failure(request('GET /api/judge/me', { fetch: f.fetch }));
    expect(err.status).toBe(409);
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toBe('Bad field');
    expect(err.path).toBe('marks.c1');
    expect(err.issues).toEqual([{ path: 'marks.c1', code: 'too_big', message: 'At most 10' }]);
    expect(err.retryAfter).toBe(7);
    expect(err.extra).toEqual({ current: { version: 4 } });
  });

  it('turns an error answer that is not the API’s into UNEXPECTED with the status text', async () => {
    const f = fakeFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const err = await failure(request('GET /api/auth/me', { fetch: f.fetch }));
    expect(err.status).toBe(502);
    expect(err.code).toBe('UNEXPECTED');
    expect(err.message).toBe('Bad Gateway');
    expect(err.retryAfter).toBeUndefined();
  });

  it('turns a success that is not JSON into UNEXPECTED', async () => {
    const f = fakeFetch(() => new Response('<html>captive portal</html>', { status: 200 }));
    const err = await failure(request('GET /api/auth/me', { fetch: f.fetch }));
    expect([err.status, err.code]).toEqual([200, 'UNEXPECTED']);
  });

  it('turns a failed fetch (no network) into NETWORK with status 0', async () => {
    const f = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const err = await failure(request('GET /api/contests', { fetch: f.fetch }));
    expect([err.status, err.code]).toEqual([0, 'NETWORK']);
  });
});

describe('requestFile and routeUrl: downloads and links', () => {
  it('hands back the answer of a download as it came', async () => {
    const f = fakeFetch(() => new Response('a,b\r\n', { status: 200, headers: { 'content-type': 'text/csv' } }));
    const res = await requestFile('GET /api/contests/:slug/results.csv', {
      params: { slug: 'x y' },
      headers: { accept: '*/*' },
      fetch: f.fetch,
    });
    expect(await res.text()).toBe('a,b\r\n');
    expect(f.calls[0]?.url).toBe('/api/contests/x%20y/results.csv');
    expect(f.calls[0]?.init.headers).toEqual({ accept: '*/*' });
  });

  it('turns a failed download into the ApiError of its body, not a saved file', async () => {
    const f = fakeFetch(() => json({ error: { code: 'NO_WINNERS', message: 'No winners' } }, { status: 409 }));
    const err = await failure(requestFile('GET /api/contests/:slug/certificates.pdf', { params: { slug: 'x' }, fetch: f.fetch }));
    expect([err.status, err.code, err.message]).toEqual([409, 'NO_WINNERS', 'No winners']);
  });

  it('builds the URL of a route for a link', () => {
    expect(routeUrl('GET /api/backup')).toBe('/api/backup');
    expect(
      routeUrl('GET /api/contests/:slug/quiz/:round/:question/image', { params: { slug: 'a', round: 'r/1', question: 'q' } }),
    ).toBe('/api/contests/a/quiz/r%2F1/q/image');
  });

  it('refuses to build a path with a parameter missing', () => {
    const params: Record<string, string> = {};
    // A caller outside TypeScript's reach (the types require the slug).
    const call = routeUrl as (key: string, opts: { params: Record<string, string> }) => string;
    expect(() => call('GET /api/contests/:slug/results.csv', { params })).toThrow(/:slug/);
  });
});

/** Never run: each line must fail to compile (svelte-check fails on an unused @ts-expect-error). */
export function typeChecks(f: typeof fetch) {
  // @ts-expect-error a route with params needs them
  void request('GET /api/contests/:slug', { fetch: f });
  // @ts-expect-error a param the route does not have
  void request('GET /api/contests/:slug', { params: { slug: 'a', round: 'b' } });
  // @ts-expect-error a body of the wrong shape
  void request('PUT /api/contests/:slug/settings', { params: { slug: 'a' }, body: { showJudgeTotals: 'yes' } });
  // @ts-expect-error a route that takes no body
  void request('GET /api/judge/me', { body: {} });
  // @ts-expect-error a file route answers no JSON
  void request('GET /api/backup');
  // @ts-expect-error no such route
  void request('GET /api/nothing');
  const answer = request('GET /api/contests/:slug/stage', { params: { slug: 'a' } }).then((stage) => {
    // @ts-expect-error the answer is typed from the contract
    void stage.notAField;
    return stage.scene;
  });
  return answer;
}
