/** The short version of `npm run chaos`: the real server killed with SIGKILL three times. */
import { expect, it } from 'vitest';
import { runChaos } from '../../scripts/chaos.js';

it('loses nothing acknowledged and duplicates nothing across SIGKILLs', async () => {
  // Its progress on stderr: if it ever runs out of time, the log says in which cycle.
  const t0 = Date.now();
  const result = await runChaos({ kills: 3, log: (s) => process.stderr.write(`chaos +${Date.now() - t0} ms: ${s}\n`) });
  expect(result.problems).toEqual([]);
  expect(result.acknowledged).toBeGreaterThan(10);
  expect(result.retriedAfterCrash).toBeGreaterThan(0);
}, 120_000);
