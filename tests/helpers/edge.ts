/** A primary and an edge over a real redis-server, for the tests of the edge (issue #14). */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { buildEdge } from '../../server/edge.js';
import { publishingPrimary, startRedis, type TestRedis } from './redis.js';

/**
 * A primary publishing to a redis-server of the test file's own, and an edge following it, both
 * built anew for each test: `env.redis`, `env.primary`, `env.edge` and `env.stage` (see
 * publishingPrimary) are set once the test's hooks have run.
 */
export function primaryAndEdge(edgeOptions: { listen?: boolean } = {}) {
  const env = {} as {
    redis: TestRedis;
    primary: Awaited<ReturnType<typeof publishingPrimary>>['app'];
    stage: (team: string) => Promise<void>;
    edge: Awaited<ReturnType<typeof buildEdge>>;
  };
  beforeAll(async () => {
    env.redis = await startRedis();
  });
  afterAll(async () => {
    await env.redis.stop();
  });
  // Building a primary and importing the demo takes seconds on a busy machine.
  beforeEach(async () => {
    ({ app: env.primary, stage: env.stage } = await publishingPrimary(env.redis.url));
    env.edge = await buildEdge({ redisUrl: env.redis.url, webRoot: null, live: { coalesceMs: 20, heartbeatMs: 60_000 } });
    if (edgeOptions.listen) await env.edge.listen({ port: 0, host: '127.0.0.1' });
    else await env.edge.ready();
  }, 60_000);
  afterEach(async () => {
    await env.edge.close();
    await env.primary.close();
  });
  return env;
}
