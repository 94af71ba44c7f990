/** Judges, sheets, receipts, locks and the stage (api.md "Judges" and "Host"; scoring.md §2 and §6). */
import { z } from 'zod';
import { contestHeadSchema, slugParamsSchema, teamHeadSchema } from './api.js';
import { cleanText, keySchema, text } from './package.js';

export const sheetStatusSchema = z.enum(['draft', 'submitted']);
export type SheetStatus = z.infer<typeof sheetStatusSchema>;

/** A mark as the judge enters it: a JSON number, a multiple of the criterion's step in [0, max]. */
export const markValueSchema = z.number().finite();

/** The longest judge's comment (nhận xét) on a sheet. */
export const COMMENT_MAX = 2000;
/**
 * The judge's comment on a sheet: NFC, trimmed, at most COMMENT_MAX characters; "" or null clears
 * it, and leaving it out keeps the stored one. For the organizer and the score sheets only.
 */
export const commentSchema = z
  .string()
  .overwrite((s) => cleanText(s, { multiline: true }))
  .max(COMMENT_MAX)
  .nullable()
  .describe('The judge’s comment (nhận xét); "" or null clears it, absent keeps it');

export const sheetBodySchema = z.object({
  marks: z.record(keySchema, markValueSchema),
  status: sheetStatusSchema,
  baseVersion: z.number().int().min(0).optional(),
  comment: commentSchema.optional(),
});
export type SheetBody = z.infer<typeof sheetBodySchema>;

export const amendBodySchema = sheetBodySchema.extend({ reason: text(1000) });

export const sheetSchema = z.object({
  round: z.string(),
  team: z.string(),
  judge: z.string(),
  marks: z.record(z.string(), z.number()),
  total: z.number(),
  status: sheetStatusSchema,
  version: z.number().int(),
  updatedAt: z.string(),
  /** The judge's comment (nhận xét), or null. */
  comment: z.string().nullable(),
});
export type Sheet = z.infer<typeof sheetSchema>;

export const receiptSchema = z.object({ seq: z.number().int(), hash: z.string(), at: z.string() });
export type Receipt = z.infer<typeof receiptSchema>;

export const sheetResultSchema = z.object({ sheet: sheetSchema, receipt: receiptSchema });
export type SheetResult = z.infer<typeof sheetResultSchema>;

export const sheetParamsSchema = z.object({ slug: z.string(), round: keySchema, team: keySchema });
export const amendParamsSchema = sheetParamsSchema.extend({ judge: keySchema });

/** quiz_board: the knowledge round's standings so far, between its questions. */
export const sceneSchema = z.enum(['scoreboard', 'stage', 'result', 'quiz', 'reveal', 'qr', 'quiz_board']);
export type Scene = z.infer<typeof sceneSchema>;

/** The round timer: running when endsAt is set; paused (or not started) with remainingMs. */
export const timerSchema = z.object({
  durationMs: z.number().int().nullable(),
  endsAt: z.string().nullable(),
  remainingMs: z.number().int().nullable(),
});
export type Timer = z.infer<typeof timerSchema>;

export const stageSchema = z.object({
  round: z.string().nullable(),
  team: z.string().nullable(),
  updatedAt: z.string().nullable(),
  scene: sceneSchema,
  timer: timerSchema,
});
export type Stage = z.infer<typeof stageSchema>;
export const stageBodySchema = z.object({ round: keySchema.nullable(), team: keySchema.nullable() });
export const sceneBodySchema = z.object({ scene: sceneSchema });
export const timerBodySchema = z.object({
  action: z.enum(['start', 'pause', 'reset']),
  /** For start/reset: a duration other than the round's time limit. */
  durationSec: z.number().int().min(1).max(86400).optional(),
});

export const judgeContestSchema = contestHeadSchema.extend({
  rounds: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      timeLimitSec: z.number().nullable(),
      criteria: z.array(
        z.object({
          key: z.string(),
          title: z.string(),
          description: z.string().nullable(),
          max: z.number(),
          step: z.number(),
        }),
      ),
    }),
  ),
  teams: z.array(
    teamHeadSchema.extend({
      /** The judge may not mark this team (declared conflict of interest). */
      conflict: z.boolean(),
      withdrawn: z.boolean(),
    }),
  ),
});
export type JudgeContest = z.infer<typeof judgeContestSchema>;

export const judgeMeSchema = z.object({
  contest: judgeContestSchema,
  judge: z.object({ key: z.string(), name: z.string(), title: z.string().nullable() }),
  stage: stageSchema,
});
export type JudgeMe = z.infer<typeof judgeMeSchema>;

export const judgeSheetsSchema = z.object({
  sheets: z.array(sheetSchema.extend({ receipt: receiptSchema.nullable() })),
  /** "<round>/<team>" pairs whose result the host has locked. */
  locked: z.array(z.object({ round: z.string(), team: z.string() })),
});

export const judgeLoginBodySchema = z.object({ token: z.string().min(10).max(200) });

export const versionConflictSchema = z.object({
  error: z.object({ code: z.literal('VERSION_CONFLICT'), message: z.string(), path: z.string().optional() }),
  current: sheetSchema,
});

export const progressSchema = z.object({
  round: z.string(),
  teams: z.array(
    z.object({
      team: z.string(),
      locked: z.boolean(),
      judges: z.array(
        z.object({ judge: z.string(), status: z.enum(['none', 'draft', 'submitted', 'conflict']), version: z.number().int() }),
      ),
    }),
  ),
});
export type Progress = z.infer<typeof progressSchema>;

export const judgeLinkSchema = z.object({
  key: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  unit: z.string().nullable(),
  url: z.string().nullable(),
  revoked: z.boolean(),
  conflicts: z.array(z.string()),
  /** The tablet the link is bound to (one device per link), or null while no device holds it. */
  device: z
    .object({
      boundAt: z.string().describe('When the link was first opened on this device'),
      seenAt: z.string().nullable().describe('The device’s last contact (updated about once a minute)'),
    })
    .nullable(),
});
export const judgeLinksSchema = z.object({ judges: z.array(judgeLinkSchema) });
/**
 * reissue: a new secret (the old link and its device stop working); revoke: no working link;
 * release: the link stays, its device is signed out so it can be opened on another one.
 */
export const linkActionBodySchema = z.object({
  action: z.enum(['reissue', 'revoke', 'release']),
  reason: text(1000).optional().describe('Why a link was released (logged); ignored by the other actions'),
});
export const conflictsBodySchema = z.object({ teams: z.array(keySchema).max(1000), reason: text(1000).optional() });

export const auditEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  kind: z.string(),
  subject: z.record(z.string(), z.unknown()),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
  hash: z.string(),
});
export const auditSchema = z.object({
  events: z.array(auditEventSchema),
  verified: z.object({ ok: z.boolean(), problems: z.array(z.string()), head: z.string() }),
});

export const judgeParamsSchema = slugParamsSchema.extend({ judge: keySchema });
export type JudgeParams = z.infer<typeof judgeParamsSchema>;

export const roundParamsSchema = slugParamsSchema.extend({ round: keySchema });
export type RoundParams = z.infer<typeof roundParamsSchema>;

export const judgeLoginSchema = z.object({ judge: z.object({ key: z.string(), name: z.string() }), contest: z.string() });
export type JudgeLogin = z.infer<typeof judgeLoginSchema>;

export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,128}$/)
  .describe('A client-generated id, the same for every retry of one change');
/** A judge's sheet write carries an Idempotency-Key header: a retry returns the first answer. */
export const idempotencyHeadersSchema = z.object({ 'idempotency-key': idempotencyKeySchema });
export type IdempotencyHeaders = z.infer<typeof idempotencyHeadersSchema>;

export const judgeConflictsSchema = z.object({ judge: z.string(), conflicts: z.array(z.string()) });
export type JudgeConflicts = z.infer<typeof judgeConflictsSchema>;

/** The stage clock: the server's time, so screens count down to the server's end time. */
export const serverTimeSchema = z.object({ now: z.number() });
export type ServerTime = z.infer<typeof serverTimeSchema>;
export type JudgeSheets = z.infer<typeof judgeSheetsSchema>;
