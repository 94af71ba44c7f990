/** Audience voting (scoring.md §5 "audience", §7 "Audience voting"): its window and its counts. */
import { z } from 'zod';
import { keySchema } from './package.js';
import { votingStateSchema } from './results.js';

export const voteBodySchema = z.object({ team: keySchema });

/**
 * Where voting stands and how many votes each team has (staff only: the public sees the state on
 * the scoreboard, never the counts). `counts` names every team that takes part, 0 included.
 */
export const votingSummarySchema = z.object({
  open: z.boolean(),
  state: votingStateSchema,
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  total: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
});
export type VotingSummary = z.infer<typeof votingSummarySchema>;
