/**
 * The contract's route map (server/contract/routes.ts) is what the web app's typed client trusts:
 * each entry must name a route the server registers, with the very schemas the server parses and
 * serializes with, so a type the browser sees cannot drift from what the server answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifySchema } from 'fastify';
import { openDb } from '../../db/client.js';
import { buildApp, type App } from '../../server/app.js';
import { routes, type RouteSpec } from '../../server/contract/routes.js';

interface Seen {
  schema: FastifySchema | undefined;
  url: string;
}

let app: App;
const seen: Seen[] = [];

beforeAll(async () => {
  app = await buildApp({ db: openDb(':memory:'), closeDb: true, webRoot: null });
  // Runs before every route's own guards: note which route answered and stop there.
  app.addHook('onRequest', async (req, reply) => {
    seen.push({ schema: req.routeOptions.schema, url: req.routeOptions.url ?? '' });
    return reply.code(299).send();
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

/** The registered route of a key, found by calling its path with a sample value in each parameter. */
async function registered(key: string): Promise<Seen> {
  const [method, pattern] = key.split(' ') as [string, string];
  const url = pattern.replace(/:([A-Za-z]+)/g, 'sample');
  seen.length = 0;
  const res = await app.inject({ method: method as 'GET', url });
  expect(res.statusCode, `${key} reached no route`).toBe(299);
  const route = seen[0];
  if (!route) throw new Error(`${key}: no route`);
  return route;
}

const entries = Object.entries(routes) as [string, RouteSpec][];

describe('the contract route map', () => {
  it('has keys written as METHOD /path, each path with the parameters its params schema names', () => {
    expect(entries.length).toBeGreaterThan(40);
    for (const [key, spec] of entries) {
      expect(key).toMatch(/^(GET|POST|PUT|DELETE) \/api\/[^\s]*$/);
      const names = [...key.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]);
      const shape = spec.params && 'shape' in spec.params ? Object.keys(spec.params.shape as object) : [];
      expect(shape.sort(), key).toEqual(names.sort());
    }
  });

  it.each(entries)('%s is registered with the same schemas', async (key, spec) => {
    const route = await registered(key);
    expect(route.url).toBe(key.slice(key.indexOf(' ') + 1));
    const schema = route.schema ?? {};
    if (spec.params) expect(schema.params, 'params').toBe(spec.params);
    else expect(schema.params, 'params').toBeUndefined();
    if (spec.query) expect(schema.querystring, 'query').toBe(spec.query);
    if (spec.body) expect(schema.body, 'body').toBe(spec.body);
    else expect(schema.body, 'body').toBeUndefined();
    const response = (schema.response ?? {}) as Record<string, unknown>;
    const success = Object.keys(response).filter((status) => status.startsWith('2'));
    if (spec.response === 'file') {
      // A download declares no JSON answer (or a described binary one), never one of the contract's objects.
      for (const status of success) expect(entries.some(([, s]) => s.response === response[status])).toBe(false);
    } else {
      const status = String(spec.status ?? 200);
      expect(success, 'success statuses').toEqual([status]);
      if (spec.response === null) expect(status).toBe('204');
      else expect(response[status], 'response').toBe(spec.response);
    }
  });
});
