/** The test redis-server (tests/helpers/redis.ts): its own port, killed and started again on it. */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type TestRedis } from '../helpers/redis.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe('test redis-server', () => {
  it('answers on its port, loses its data when killed without persistence, and comes back on the same port', async () => {
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    await client.set('k', 'v');
    client.disconnect();

    await redis.kill();
    const down = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    down.on('error', () => undefined);
    await expect(down.connect()).rejects.toThrow();
    down.disconnect();

    await redis.start();
    const again = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await again.connect();
    expect(await again.get('k')).toBeNull();
    again.disconnect();
  });

  it('keeps its data across a restart when asked to persist', async () => {
    const kept = await startRedis({ persist: true });
    try {
      const client = new Redis(kept.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      await client.connect();
      await client.set('k', 'v');
      client.disconnect();
      await kept.kill();
      await kept.start();
      const again = new Redis(kept.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      await again.connect();
      expect(await again.get('k')).toBe('v');
      again.disconnect();
    } finally {
      await kept.stop();
    }
  });
});
