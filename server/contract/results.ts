/** The scoreboard and results (api.md "Results"). */
import { z } from 'zod';
import { keySchema, text } from './package.js';

export const scoreboardRowSchema = z.object({
  rank: z.number().int().nullable(),
  team: z.string(),
  name: z.string(),
  unit: z.string(),
  status: z.enum(['active', 'withdrawn', 'disqualified']),
  total: z.number(),
  rounds: z.record(z.string(), z.number().nullable()),
  prizes: z.array(z.string()),
  pending: z.boolean(),
});
export const revealStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('team'), team: z.string() }),
  z.object({ kind: z.literal('prize'), prize: z.string() }),
]);
export const revealStateSchema = z.object({ pos: z.number().int(), total: z.number().int(), step: revealStepSchema.nullable() });
export type RevealState = z.infer<typeof revealStateSchema>;

export const scoreboardSchema = z.object({
  seq: z.number().int(),
  frozen: z.boolean(),
  view: z.enum(['organizer', 'host', 'public']),
  decimals: z.number().int(),
  rows: z.array(scoreboardRowSchema),
  awards: z.array(z.object({ prize: z.string(), teams: z.array(z.string()), provisional: z.boolean() })),
  /** While the public board is frozen and being revealed: how far the reveal has gone. */
  reveal: revealStateSchema.nullable(),
});
export type ScoreboardBody = z.infer<typeof scoreboardSchema>;

export const specialAwardBodySchema = z.object({
  team: keySchema,
  member: text().optional(),
  reason: text(1000),
});
export const specialAwardSchema = z.object({
  id: z.number().int(),
  prize: z.string(),
  team: z.string(),
  member: z.string().nullable(),
  reason: z.string(),
});

export const certificateSchema = z.object({
  serial: z.string(),
  contest: z.object({
    slug: z.string(),
    title: z.string(),
    organizer: z.string(),
    date: z.string(),
    venue: z.string().nullable(),
  }),
  prize: z.object({ key: z.string(), title: z.string() }),
  team: z.object({ key: z.string(), name: z.string(), unit: z.string() }),
  member: z.string().nullable(),
});
