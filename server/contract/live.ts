/** WebSocket messages of GET /api/contests/:slug/live (api.md "Live updates"). */
import { z } from 'zod';
import { progressSchema, stageSchema } from './judging.js';
import { liveQuestionSchema } from './quiz.js';
import { scoreboardRowSchema, scoreboardSchema } from './results.js';
import { votingSummarySchema } from './votes.js';

export const liveViewSchema = z.enum(['public', 'host', 'organizer', 'judge']);
export type LiveView = z.infer<typeof liveViewSchema>;

/** The parts a view receives; an update carries only the parts that changed. */
export const livePartsSchema = z.object({
  scoreboard: scoreboardSchema.optional(),
  stage: stageSchema.optional(),
  progress: progressSchema.nullable().optional(),
  /** The quiz question last opened (sealed while open), and for staff the teams that answered it. */
  quiz: liveQuestionSchema.nullable().optional(),
  quizAnswered: z.array(z.string()).optional(),
  /** For staff: whether audience voting is open and the votes per team. */
  votes: votingSummarySchema.optional(),
  /**
   * The released result of the team on stage with each judge's sheet total, when the organizer
   * shows judges' totals on the big screen; null otherwise (and always before the lock).
   */
  result: z
    .object({
      round: z.string(),
      team: z.string(),
      judges: z.array(z.object({ judge: z.string(), name: z.string(), total: z.number().nullable(), conflict: z.boolean() })),
    })
    .nullable()
    .optional(),
  /** For judges: the team-rounds the host has locked, so tablets stop editing them at once. */
  locks: z.array(z.object({ round: z.string(), team: z.string() })).optional(),
});

export const liveSnapshotSchema = livePartsSchema.extend({
  type: z.literal('snapshot'),
  seq: z.number().int(),
  view: liveViewSchema,
});
/**
 * What changed in the scoreboard since the update before (server/contract/live-delta.ts), sent
 * instead of the whole board to a socket that took the `hoithi.delta` subprotocol.
 */
export const scoreboardDeltaSchema = z.object({
  /** The rows that changed or are new, whole. */
  rows: z.array(scoreboardRowSchema).optional(),
  /** Team ids whose rows are gone. */
  removed: z.array(z.string()).optional(),
  /** Every team id in the new order, when it is not the old order less the removed rows. */
  order: z.array(z.string()).optional(),
  /** The board's other fields that changed. */
  fields: scoreboardSchema.omit({ rows: true }).partial().optional(),
  /** The board's optional fields that are no longer there. */
  unset: z.array(z.string()).optional(),
});
export type ScoreboardDelta = z.infer<typeof scoreboardDeltaSchema>;

export const liveUpdateSchema = livePartsSchema.extend({
  type: z.literal('update'),
  seq: z.number().int(),
  /**
   * With the `hoithi.delta` subprotocol: the seq this update follows. A client whose seq is not
   * this one missed something and resumes (or takes a snapshot) instead of applying it.
   */
  after: z.number().int().optional(),
  /** With the `hoithi.delta` subprotocol, instead of `scoreboard` when that is smaller. */
  scoreboardDelta: scoreboardDeltaSchema.optional(),
});
export const liveMessageSchema = z.discriminatedUnion('type', [liveSnapshotSchema, liveUpdateSchema]);
export type LiveMessage = z.infer<typeof liveMessageSchema>;
export type LiveParts = z.infer<typeof livePartsSchema>;

export const liveQuerySchema = z.object({ since: z.coerce.number().int().min(0).optional() });
