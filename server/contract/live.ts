/** WebSocket messages of GET /api/contests/:slug/live (api.md "Live updates"). */
import { z } from 'zod';
import { progressSchema, stageSchema } from './judging.js';
import { liveQuestionSchema } from './quiz.js';
import { scoreboardSchema } from './results.js';
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
export const liveUpdateSchema = livePartsSchema.extend({ type: z.literal('update'), seq: z.number().int() });
export const liveMessageSchema = z.discriminatedUnion('type', [liveSnapshotSchema, liveUpdateSchema]);
export type LiveMessage = z.infer<typeof liveMessageSchema>;
export type LiveParts = z.infer<typeof livePartsSchema>;

export const liveQuerySchema = z.object({ since: z.coerce.number().int().min(0).optional() });
