/** The short version of `npm run chaos`: the real server killed with SIGKILL three times. */
import { expect, it } from 'vitest';
import { runChaos } from '../../scripts/chaos.js';

it('loses nothing acknowledged and duplicates nothing across SIGKILLs', async () => {
  const result = await runChaos({ kills: 3 });
  expect(result.problems).toEqual([]);
  expect(result.acknowledged).toBeGreaterThan(10);
  expect(result.retriedAfterCrash).toBeGreaterThan(0);
}, 120_000);
