/** The short version of `npm run chaos`: the real server killed with SIGKILL three times. */
import { expect, it } from 'vitest';
import { runChaos } from '../../scripts/chaos.js';

// Both places the sheets' group commit can run (HOITHI_WRITE_THREAD=auto picks one by the disk).
it.each(['1', '0'] as const)(
  'loses nothing acknowledged and duplicates nothing across SIGKILLs (HOITHI_WRITE_THREAD=%s)',
  async (writeThread) => {
    // Its progress on stderr: if it ever runs out of time, the log says in which cycle.
    const t0 = Date.now();
    const log = (s: string) => process.stderr.write(`chaos (${writeThread}) +${Date.now() - t0} ms: ${s}\n`);
    const result = await runChaos({ kills: 3, log, writeThread });
    expect(result.problems).toEqual([]);
    expect(result.acknowledged).toBeGreaterThan(10);
    expect(result.retriedAfterCrash).toBeGreaterThan(0);
  },
  120_000,
);
