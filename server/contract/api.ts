/** Request and response schemas of the HTTP API (api.md), shared by the server and the web app. */
import { z } from 'zod';
import { contestPackageSchema, keySchema, slugSchema, text } from './package.js';

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    path: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** A route's error responses, each the one error body: `errorResponses(400, 401, 404)`. */
export function errorResponses<const C extends readonly number[]>(...codes: C): Record<C[number], typeof errorBodySchema> {
  return Object.fromEntries(codes.map((code) => [code, errorBodySchema])) as Record<C[number], typeof errorBodySchema>;
}

export const healthSchema = z.object({ ok: z.literal(true), version: z.string() });

export const roleSchema = z.enum(['organizer', 'host']);
export type Role = z.infer<typeof roleSchema>;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  // Local names such as admin@localhost are valid on a venue LAN, so no TLD is required.
  .regex(/^[^\s@]+@[^\s@]+$/, { error: 'EMAIL_FORMAT' });

export const loginBodySchema = z.object({
  email: emailSchema,
  password: z.string().min(1).max(1024),
});
/** Account passwords: at least 8 characters (as `hoithi create-admin` requires). */
export const PASSWORD_MIN = 8;
/** An organizer or host changes their own password (POST /api/auth/password). */
export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(PASSWORD_MIN).max(1024),
});
export type PasswordChange = z.infer<typeof passwordChangeSchema>;
export const accountSchema = z.object({ email: z.string(), role: roleSchema });
export const meSchema = z.object({ account: accountSchema });

export const slugParamsSchema = z.object({ slug: slugSchema });

/** A contest as its heading names it (screens, certificates, the results table): the fields every view of it starts with. */
export const contestHeadSchema = z.object({
  slug: z.string(),
  title: z.string(),
  organizer: z.string(),
  date: z.string(),
  venue: z.string().nullable(),
});

/** A round as every list of rounds names it. */
export const roundHeadSchema = z.object({
  key: z.string(),
  title: z.string(),
  kind: z.enum(['rubric', 'quiz', 'direct']),
  weight: z.number(),
});

/** A team as the public page and the judge's tablet list it. */
export const teamHeadSchema = z.object({
  key: z.string(),
  name: z.string(),
  unit: z.string(),
  ideaTitle: z.string().nullable(),
});

export const contestSummarySchema = contestHeadSchema.extend({
  rounds: z.number().int(),
  teams: z.number().int(),
  judges: z.number().int(),
  hasMarks: z.boolean(),
  createdAt: z.string(),
});
export type ContestSummary = z.infer<typeof contestSummarySchema>;
export const contestListSchema = z.object({ contests: z.array(contestSummarySchema) });

export const privateLinkSchema = z.object({ key: z.string(), token: z.string(), url: z.string() });
export const contestCreatedSchema = z.object({
  slug: z.string(),
  judges: z.array(privateLinkSchema),
  teams: z.array(privateLinkSchema),
});
export type ContestCreated = z.infer<typeof contestCreatedSchema>;

export const contestDetailSchema = z.object({
  package: contestPackageSchema,
  hasMarks: z.boolean(),
  createdAt: z.string(),
  /** A fingerprint of the package: send it back with an edit to be told when someone changed it meanwhile. */
  revision: z.string(),
});
export type ContestDetail = z.infer<typeof contestDetailSchema>;

/** What anyone may know of a contest: titles and names for public screens, nothing secret. */
export const publicContestSchema = z.object({
  slug: z.string(),
  /** Where phones reach this server (for QR codes), when configured. */
  publicUrl: z.string().nullable(),
  title: z.string(),
  organizer: z.string(),
  date: z.string(),
  venue: z.string().nullable(),
  locale: z.enum(['vi', 'en']),
  description: z.string().nullable(),
  /** Registration: open while the server accepts it (a deadline is set and has not passed). */
  registration: z.object({ deadline: z.string().nullable(), open: z.boolean() }),
  rounds: z.array(
    roundHeadSchema.extend({
      timeLimitSec: z.number().nullable(),
      /** The highest score a team can get in the round (rubric: the criteria's max summed). */
      max: z.number(),
      /** The rubric is public: everyone may know what is judged and how much it weighs. */
      criteria: z.array(z.object({ key: z.string(), title: z.string(), max: z.number(), step: z.number() })),
    }),
  ),
  /** The scoring policy, shown to everyone before the contest starts. */
  aggregation: z.object({
    method: z.enum(['mean', 'trimmed_mean', 'median']),
    trim: z.number().int(),
    decimals: z.number().int(),
  }),
  tiebreak: z.array(z.string()),
  teams: z.array(
    teamHeadSchema.extend({
      /** Only teams that take part are listed (approved, withdrawn or disqualified), in running order. */
      status: z.enum(['active', 'withdrawn', 'disqualified']),
    }),
  ),
  prizes: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      kind: z.enum(['overall', 'round_best', 'audience', 'special']),
      count: z.number().int(),
      round: z.string().optional(),
    }),
  ),
});
export type PublicContest = z.infer<typeof publicContestSchema>;

export const contestSettingsSchema = z.object({ showJudgeTotals: z.boolean() });
export type ContestSettings = z.infer<typeof contestSettingsSchema>;

/** The empty body of a 204. */
export const noContentSchema = z.null();

/** GET /api/contests/:slug/package: `?download=1` asks for an attachment. */
export const packageDownloadQuerySchema = z.object({ download: z.enum(['0', '1']).optional() });
export type PackageDownloadQuery = z.infer<typeof packageDownloadQuerySchema>;

/** PUT /api/contests/:slug/package: the whole edited package, a reason once marks exist, the revision it was based on. */
export const packageEditBodySchema = z.object({
  package: contestPackageSchema,
  reason: text(1000).optional(),
  revision: z.string().max(64).optional(),
});
export type PackageEditBody = z.infer<typeof packageEditBodySchema>;

export const teamParamsSchema = slugParamsSchema.extend({ team: keySchema });
export type TeamParams = z.infer<typeof teamParamsSchema>;

export const withdrawnTeamSchema = z.object({ team: z.object({ key: z.string(), status: z.literal('withdrawn') }) });
export type WithdrawnTeam = z.infer<typeof withdrawnTeamSchema>;

/** A body that only gives the reason of a change (logged). */
export const reasonBodySchema = z.object({ reason: text(1000) });
export type ReasonBody = z.infer<typeof reasonBodySchema>;
