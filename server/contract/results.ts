/** The scoreboard and results (api.md "Results"). */
import { z } from 'zod';
import { contestHeadSchema, errorBodySchema, roundHeadSchema, slugParamsSchema } from './api.js';
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
  /** Round keys whose released result was unlocked for review ("đang xem xét") and not yet locked again. */
  review: z.array(z.string()).optional(),
});
export const votingStateSchema = z.enum(['idle', 'open', 'closed']);
export type VotingState = z.infer<typeof votingStateSchema>;
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
  /** Audience voting: never opened yet, open, or closed (the audience prize is decided only when closed). */
  voting: votingStateSchema.optional(),
});
export type ScoreboardBody = z.infer<typeof scoreboardSchema>;

/** Why the results are not final yet (scoring.md §7, "A guarded reveal"). */
export const resultIssueSchema = z.object({
  kind: z.enum(['round_not_locked', 'under_review', 'voting_open', 'prize_provisional']),
  round: z.string().optional(),
  team: z.string().optional(),
  prize: z.string().optional(),
});
export type ResultIssue = z.infer<typeof resultIssueSchema>;
export const revealCheckSchema = z.object({ ready: z.boolean(), issues: z.array(resultIssueSchema) });
export type RevealCheck = z.infer<typeof revealCheckSchema>;
export const revealNextBodySchema = z
  .object({ override: z.literal(true).optional(), reason: text(1000).optional() })
  .nullish()
  .describe('Only for the first step while the results are not final: override with a reason');

/** Closing a round (POST .../rounds/:round/lock) or one team's round (POST .../teams/:team/lock). */
export const lockBodySchema = z
  .object({ force: z.literal(true).optional(), reason: text(1000).optional() })
  .nullish()
  .describe('force with a reason locks a rubric result although some judges have not submitted');
/** A team whose judges (without a conflict) have not all submitted. */
export const incompleteTeamSchema = z.object({ team: z.string(), name: z.string(), missing: z.array(z.string()) });
/** A 409 of a lock: ROUND_INCOMPLETE names each team and the judges whose sheets are missing. */
export const lockConflictSchema = errorBodySchema.extend({ teams: z.array(incompleteTeamSchema).optional() });
/** A 409 of the reveal: RESULTS_NOT_FINAL carries the checklist. */
export const revealConflictSchema = errorBodySchema.extend({ issues: z.array(resultIssueSchema).optional() });
export const roundLockResultSchema = z.object({
  round: z.string(),
  /** Teams locked by this call, teams that were locked already, and direct cells given 0. */
  locked: z.array(z.string()),
  already: z.array(z.string()),
  zeroed: z.array(z.string()),
});
export const unlockBodySchema = z.object({ reason: text(1000) });
export const unlockResultSchema = z.object({
  round: z.string(),
  team: z.string(),
  locked: z.literal(false),
  unlockedAt: z.string(),
});

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
  contest: contestHeadSchema,
  prize: z.object({ key: z.string(), title: z.string() }),
  team: z.object({ key: z.string(), name: z.string(), unit: z.string() }),
  member: z.string().nullable(),
});

export const toleranceQuerySchema = z.object({
  tolerance: z
    .string()
    .regex(/^\d{1,2}(\.\d{1,2})?$/)
    .default('2')
    .describe('How many standard deviations from the panel flag a judge'),
});

export const outlierSchema = z.object({
  round: z.string(),
  team: z.string(),
  judge: z.string(),
  total: z.number(),
  othersMean: z.number(),
});

export const policySchema = z.object({
  aggregation: z.object({
    method: z.enum(['mean', 'trimmed_mean', 'median']),
    trim: z.number().int().min(0).max(50),
    decimals: z.number().int().min(0).max(4),
  }),
  tiebreak: z.array(z.string().regex(/^round:[a-z0-9-]{1,64}$/)).max(20),
});
export type Policy = z.infer<typeof policySchema>;
export const policyBodySchema = policySchema.extend({ reason: text(1000).optional() });

export const whatIfQuerySchema = z.object({
  method: z.enum(['mean', 'trimmed_mean', 'median']),
  trim: z.coerce.number().int().min(0).max(50).default(0),
});

const judgeTotal = z.union([z.number(), z.literal('conflict'), z.null()]);
/** The official results table (server/modules/results/table.ts builds it). */
export const resultsTableSchema = z.object({
  contest: contestHeadSchema.extend({
    decimals: z.number().int(),
    method: z.enum(['mean', 'trimmed_mean', 'median']),
    trim: z.number().int(),
  }),
  rounds: z.array(
    roundHeadSchema.extend({
      criteria: z.array(z.object({ key: z.string(), title: z.string(), max: z.number() })),
    }),
  ),
  judges: z.array(z.object({ key: z.string(), name: z.string(), title: z.string().nullable(), unit: z.string().nullable() })),
  rows: z.array(
    scoreboardRowSchema.extend({
      /** roundKey → judgeKey → the judge's submitted sheet total, 'conflict', or null (none). */
      judgeTotals: z.record(z.string(), z.record(z.string(), judgeTotal)),
      /** roundKey → judgeKey → criterionKey → mark, for submitted sheets. */
      judgeMarks: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.number()))),
      /** roundKey → judgeKey → the judge's comment (nhận xét), for submitted sheets that have one. Organizer only. */
      judgeComments: z.record(z.string(), z.record(z.string(), z.string())),
    }),
  ),
  prizes: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      kind: z.string(),
      provisional: z.boolean(),
      winners: z.array(
        z.object({
          team: z.string(),
          name: z.string(),
          unit: z.string(),
          member: z.string().optional(),
          reason: z.string().optional(),
        }),
      ),
    }),
  ),
  audit: z.object({ events: z.number().int(), head: z.string(), ok: z.boolean() }),
  generatedAt: z.string(),
});
export type ResultsTable = z.infer<typeof resultsTableSchema>;

export const prizeParamsSchema = slugParamsSchema.extend({ prize: keySchema });
export type PrizeParams = z.infer<typeof prizeParamsSchema>;

export const awardParamsSchema = prizeParamsSchema.extend({ award: z.coerce.number().int().min(1) });
export type AwardParams = z.infer<typeof awardParamsSchema>;

export const specialAwardsSchema = z.object({ awards: z.array(specialAwardSchema) });
export type SpecialAwards = z.infer<typeof specialAwardsSchema>;

export const certificateParamsSchema = z.object({ serial: z.string().regex(/^[A-Z0-9-]{5,40}$/) });
export type CertificateParams = z.infer<typeof certificateParamsSchema>;

/** GET /api/contests/:slug/results: the full table and the judges far from their panel. */
export const resultsSchema = z.object({ table: resultsTableSchema, outliers: z.array(outlierSchema), tolerance: z.string() });
export type Results = z.infer<typeof resultsSchema>;

export const whatIfSchema = z.object({ current: scoreboardSchema, preview: scoreboardSchema });
export type WhatIf = z.infer<typeof whatIfSchema>;

export const cellParamsSchema = slugParamsSchema.extend({ round: keySchema }).extend({ team: keySchema });
export type CellParams = z.infer<typeof cellParamsSchema>;

export const cellLockSchema = z.object({ round: z.string(), team: z.string(), locked: z.literal(true), lockedAt: z.string() });
export type CellLock = z.infer<typeof cellLockSchema>;

export const frozenSchema = z.object({ frozen: z.literal(true), frozenAt: z.string() });
export type Frozen = z.infer<typeof frozenSchema>;
export const unfrozenSchema = z.object({ frozen: z.literal(false) });
export type Unfrozen = z.infer<typeof unfrozenSchema>;

/** A direct-score round: the score a team gets from the organizer, with a reason. */
export const directScoreParamsSchema = z.object({ slug: z.string(), round: keySchema, team: keySchema });
export type DirectScoreParams = z.infer<typeof directScoreParamsSchema>;
export const directScoreBodySchema = z.object({ score: z.number().finite(), reason: text(1000) });
export type DirectScoreBody = z.infer<typeof directScoreBodySchema>;
export const directScoreSchema = z.object({ round: z.string(), team: z.string(), score: z.number(), reason: z.string() });
export type DirectScore = z.infer<typeof directScoreSchema>;
export type Outlier = z.infer<typeof outlierSchema>;
export type SpecialAwardBody = z.infer<typeof specialAwardBodySchema>;
export type SpecialAward = z.infer<typeof specialAwardSchema>;
export type PolicyBody = z.infer<typeof policyBodySchema>;
/** Locking past missing sheets: `force` with the reason logged in the minutes. */
export type LockBody = NonNullable<z.infer<typeof lockBodySchema>>;
export type IncompleteTeam = z.infer<typeof incompleteTeamSchema>;
export type RoundLockResult = z.infer<typeof roundLockResultSchema>;
