import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, makeApp, type TestApp } from '../helpers/app.js';

let h: TestApp;
beforeAll(async () => {
  h = await makeApp();
});
afterAll(async () => {
  await h.app.close();
});

describe('system routes', () => {
  it('GET /api/health answers ok with the version', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('serves the OpenAPI document listing the stable routes with their schemas', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/health',
      '/api/auth/login',
      '/api/auth/logout',
      '/api/contests',
      '/api/contests/{slug}/package',
      '/api/contests/{slug}/teams/{team}/withdraw',
    ])
      expect(Object.keys(doc.paths)).toContain(path);
    const body = doc.paths['/api/contests'].post.requestBody.content['application/json'].schema;
    expect(body.properties.rounds).toBeDefined();
  });

  it('serves the JSON Schema of the contest package, generated from the zod schema', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/schema/contest.json' });
    expect(res.statusCode).toBe(200);
    const schema = res.json();
    expect(schema.$id).toBe('/api/schema/contest.json');
    expect(schema.properties.format.const).toBe('hoithi/contest@1');
    expect(schema.required).toEqual(expect.arrayContaining(['format', 'slug', 'title', 'rounds', 'aggregation']));
  });

  it('answers an unknown API path with the JSON error shape, not the web app', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/khong-co' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Không tìm thấy' } });
  });

  it('sends security headers with a Content-Security-Policy', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('checks credentials before the slug, then names the malformed slug', async () => {
    const anonymous = await h.app.inject({ method: 'GET', url: '/api/contests/A%20B' });
    expect(anonymous.statusCode).toBe(401);
    const cookie = await login(h.app);
    const res = await h.app.inject({ method: 'GET', url: '/api/contests/A%20B', headers: { cookie } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION', path: 'slug' });
  });
});
