/**
 * The contest package `hoithi/contest@1` (docs/scoring.md §1): the single schema that the
 * import route, the export, the demo seed, the CLI and the web console all share.
 * This folder imports no node module and no drizzle, so the browser can use it as well.
 */
import { z } from 'zod';

export const ALLOWED_STEPS = [0.01, 0.05, 0.1, 0.25, 0.5, 1] as const;

/**
 * Invisible characters that can reorder or hide what a name shows: bidi embeddings, overrides,
 * isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero-width characters
 * (U+200B–U+200D, U+2060, U+FEFF), DEL and C1 controls, and C0 controls other than tab, line feed
 * and carriage return (handled by `cleanText`).
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/**
 * The one cleaning of every name and free text at input (server and browser alike): invisible and
 * control characters removed, then NFC, then trimmed. A multi-line field keeps its line breaks
 * (CR LF, CR, U+2028 and U+2029 become LF) and tabs; a single-line one turns them into spaces.
 */
export function cleanText(s: string, opts: { multiline?: boolean } = {}): string {
  const stripped = s.replace(INVISIBLE, '');
  const lines = opts.multiline ? stripped.replace(/\r\n?|[\u2028\u2029]/g, '\n') : stripped.replace(/[\t\n\r\u2028\u2029]/g, ' ');
  return lines.normalize('NFC').trim();
}

/**
 * Free text: cleaned (`cleanText`), non-empty, at most `max` characters. Text of 1,000 characters
 * or more (descriptions, summaries, question texts, reasons) is multi-line unless said otherwise;
 * shorter text (names, titles, units) is one line.
 */
export const text = (max = 500, multiline = max >= 1000) =>
  z
    .string()
    .overwrite((s) => cleanText(s, { multiline }))
    .min(1)
    .max(max);

export const keySchema = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/, { error: 'KEY_FORMAT' })
  .describe('A key: 1-64 characters of a-z, 0-9 and "-"');
/** Slugs that would shadow a page of the web console. */
export const RESERVED_SLUGS = ['import', 'new', 'api'] as const;
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9-]{3,64}$/, { error: 'SLUG_FORMAT' })
  .refine((s) => !(RESERVED_SLUGS as readonly string[]).includes(s), { error: 'SLUG_RESERVED' })
  .describe('A slug: 3-64 characters of a-z, 0-9 and "-"');

/** True when `n` is an exact multiple of 0.01 (points are stored as integer hundredths). */
export function isHundredths(n: number): boolean {
  return Number.isFinite(n) && Math.abs(n * 100 - Math.round(n * 100)) < 1e-6;
}
/** Points as an exact integer number of hundredths; only call on values that pass isHundredths. */
export function toHundredths(n: number): number {
  return Math.round(n * 100);
}

const points = z.number().min(0).max(100000).refine(isHundredths, { error: 'NOT_HUNDREDTHS' });
const positivePoints = points.refine((n) => n > 0, { error: 'MUST_BE_POSITIVE' });
const seconds = z.number().int().min(1).max(86400);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'DATE_FORMAT' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    error: 'DATE_FORMAT',
  });

export const criterionSchema = z.object({
  key: keySchema,
  title: text(),
  description: text(2000).optional(),
  max: positivePoints,
  step: positivePoints,
});

export const questionSchema = z.object({
  key: keySchema,
  text: text(2000),
  choices: z.array(text()).min(2).max(6),
  answer: z.number().int().min(0),
  points: positivePoints,
  timeLimitSec: seconds.optional(),
});

const roundBase = {
  key: keySchema,
  title: text(),
  weight: points,
  timeLimitSec: seconds.optional(),
};

export const rubricRoundSchema = z.object({
  ...roundBase,
  kind: z.literal('rubric'),
  criteria: z.array(criterionSchema).min(1).max(50),
});
export const quizRoundSchema = z.object({
  ...roundBase,
  kind: z.literal('quiz'),
  questions: z.array(questionSchema).max(500),
});
export const directRoundSchema = z.object({
  ...roundBase,
  kind: z.literal('direct'),
  max: positivePoints,
  step: positivePoints,
});
export const roundSchema = z.discriminatedUnion('kind', [rubricRoundSchema, quizRoundSchema, directRoundSchema]);

const count = z.number().int().min(1).max(1000);
export const prizeSchema = z.discriminatedUnion('kind', [
  z.object({ key: keySchema, title: text(), kind: z.literal('overall'), count }),
  z.object({ key: keySchema, title: text(), kind: z.literal('round_best'), count, round: keySchema }),
  z.object({ key: keySchema, title: text(), kind: z.literal('audience'), count }),
  z.object({ key: keySchema, title: text(), kind: z.literal('special'), count }),
]);

export const memberSchema = z.object({ name: text(), role: text().optional() });

/**
 * A team's place in the contest: `pending` and `rejected` are registrations that do not compete
 * (no judge, score, export or screen sees them); `active` is an approved team.
 */
export const TEAM_STATUSES = ['pending', 'active', 'rejected', 'withdrawn', 'disqualified'] as const;
export const teamStatusSchema = z.enum(TEAM_STATUSES);
export type TeamStatus = z.output<typeof teamStatusSchema>;
/** Statuses of teams that take part: they are judged, ranked (active) or listed last (the others). */
export const COMPETING_STATUSES = ['active', 'withdrawn', 'disqualified'] as const;
export type CompetingStatus = (typeof COMPETING_STATUSES)[number];
export const isCompeting = (s: TeamStatus): s is CompetingStatus => (COMPETING_STATUSES as readonly string[]).includes(s);
/** Narrows rows of teams to those that take part in the contest. */
export function competing<T extends { status: TeamStatus }>(rows: readonly T[]): (T & { status: CompetingStatus })[] {
  return rows.filter((r): r is T & { status: CompetingStatus } => isCompeting(r.status));
}

/**
 * A Vietnamese phone number, written with or without spaces, dots and dashes, with 0 or +84:
 * mobiles have 10 digits (03x, 05x, 07x, 08x, 09x), landlines 11 (02xx). Stored as 0… digits.
 */
export const phoneSchema = z
  .string()
  .overwrite((s) => cleanText(s))
  .max(30)
  .transform((s) => s.replace(/[\s.\-()]/g, '').replace(/^(\+84|0084|84(?=\d{9,10}$))/, '0'))
  .refine((s) => /^0(?:[35789]\d{8}|2\d{9})$/.test(s), { error: 'PHONE_FORMAT' });
/** An email with a domain that has a dot: what a team's leader can be reached at. */
export const contactEmailSchema = z
  .string()
  .overwrite((s) => cleanText(s))
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/, { error: 'EMAIL_FORMAT' });
export const leaderSchema = z.object({
  name: text(200),
  phone: phoneSchema.optional(),
  email: contactEmailSchema.optional(),
});

export const teamSchema = z.object({
  key: keySchema,
  name: text(),
  unit: text(),
  members: z.array(memberSchema).max(20).default([]),
  idea: z.object({ title: text(), summary: text(5000).optional() }).optional(),
  /** Omitted for an approved team. */
  status: teamStatusSchema.optional(),
  /** The contact person of the team: set by registration, kept by the organizer. */
  leader: leaderSchema.optional(),
  /** Why a registration was rejected: the team sees it on its page. */
  rejectReason: text(1000).optional(),
});

export const judgeSchema = z.object({
  key: keySchema,
  name: text(),
  title: text().optional(),
  unit: text().optional(),
  conflicts: z.array(keySchema).max(1000).default([]),
});

export const aggregationSchema = z.object({
  method: z.enum(['mean', 'trimmed_mean', 'median']),
  trim: z.number().int().min(0).max(50).default(0),
  decimals: z.number().int().min(0).max(4).default(2),
});

/** An instant with its offset, e.g. 2019-09-10T17:00:00+07:00; stored as given. */
export const instantSchema = z.iso.datetime({ offset: true });

export const registrationSettingsSchema = z.object({
  /** Registrations are accepted until this instant; without it the form is closed. */
  deadline: instantSchema,
});

export const CONTEST_FORMAT = 'hoithi/contest@1';

/** Codes of the cross-field rules; the message catalog (messages.ts) words them in vi and en. */
export type PackageRuleCode =
  'DUPLICATE_KEY' | 'UNKNOWN_ROUND' | 'UNKNOWN_TEAM' | 'ANSWER_OUT_OF_RANGE' | 'STEP_NOT_ALLOWED' | 'TIEBREAK_FORMAT';

export const contestPackageSchema = z
  .object({
    format: z.literal(CONTEST_FORMAT),
    slug: slugSchema,
    title: text(),
    organizer: text(),
    date: isoDate,
    venue: text().optional(),
    /** Who signs the minutes (biên bản) for the organizing committee: its head (Trưởng Ban Tổ chức) and the secretary (Thư ký). */
    chairName: text(200).optional(),
    secretaryName: text(200).optional(),
    locale: z.enum(['vi', 'en']).default('vi'),
    description: text(5000).optional(),
    aggregation: aggregationSchema,
    tiebreak: z.array(z.string().max(80)).max(20).default([]),
    rounds: z.array(roundSchema).min(1).max(20),
    prizes: z.array(prizeSchema).max(100).default([]),
    teams: z.array(teamSchema).max(500).default([]),
    judges: z.array(judgeSchema).max(100).default([]),
    /** Units a registering team picks from (it may also type another). */
    units: z.array(text(300)).max(2000).default([]),
    registration: registrationSettingsSchema.optional(),
  })
  .superRefine((pkg, ctx) => {
    const rule = (path: (string | number)[], code: PackageRuleCode, message: string, params: Record<string, string> = {}) =>
      ctx.addIssue({ code: 'custom', path, message, params: { rule: code, ...params } });

    const unique = (items: readonly { key: string }[], path: (string | number)[]) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        if (seen.has(item.key)) rule([...path, i, 'key'], 'DUPLICATE_KEY', `Duplicate key "${item.key}"`, { key: item.key });
        seen.add(item.key);
      });
    };
    const checkStep = (max: number, step: number, path: (string | number)[]) => {
      const allowed = (ALLOWED_STEPS as readonly number[]).includes(step);
      const divides = isHundredths(step) && isHundredths(max) && toHundredths(max) % toHundredths(step) === 0;
      if (!allowed && !divides)
        rule(path, 'STEP_NOT_ALLOWED', `Step ${step} is not one of ${ALLOWED_STEPS.join(', ')} and does not divide max ${max}`, {
          step: String(step),
          max: String(max),
        });
    };

    unique(pkg.rounds, ['rounds']);
    unique(pkg.prizes, ['prizes']);
    unique(pkg.teams, ['teams']);
    unique(pkg.judges, ['judges']);
    const roundKeys = new Set(pkg.rounds.map((r) => r.key));
    const teamKeys = new Set(pkg.teams.map((t) => t.key));

    pkg.rounds.forEach((round, ri) => {
      if (round.kind === 'rubric') {
        unique(round.criteria, ['rounds', ri, 'criteria']);
        round.criteria.forEach((c, ci) => checkStep(c.max, c.step, ['rounds', ri, 'criteria', ci, 'step']));
      } else if (round.kind === 'quiz') {
        unique(round.questions, ['rounds', ri, 'questions']);
        round.questions.forEach((q, qi) => {
          if (q.answer >= q.choices.length)
            rule(
              ['rounds', ri, 'questions', qi, 'answer'],
              'ANSWER_OUT_OF_RANGE',
              `Answer ${q.answer} is not an index of the ${q.choices.length} choices`,
              {
                answer: String(q.answer),
                choices: String(q.choices.length),
              },
            );
        });
      } else {
        checkStep(round.max, round.step, ['rounds', ri, 'step']);
      }
    });

    pkg.tiebreak.forEach((t, i) => {
      const m = /^round:([a-z0-9-]{1,64})$/.exec(t);
      if (!m) rule(['tiebreak', i], 'TIEBREAK_FORMAT', `"${t}" is not of the form round:<key>`, { value: t });
      else if (!roundKeys.has(m[1] ?? ''))
        rule(['tiebreak', i], 'UNKNOWN_ROUND', `No round with key "${m[1]}"`, { key: m[1] ?? '' });
    });
    pkg.prizes.forEach((p, i) => {
      if (p.kind === 'round_best' && !roundKeys.has(p.round))
        rule(['prizes', i, 'round'], 'UNKNOWN_ROUND', `No round with key "${p.round}"`, { key: p.round });
    });
    pkg.judges.forEach((j, i) => {
      j.conflicts.forEach((c, ci) => {
        if (!teamKeys.has(c)) rule(['judges', i, 'conflicts', ci], 'UNKNOWN_TEAM', `No team with key "${c}"`, { key: c });
      });
    });
  });

export type ContestPackage = z.output<typeof contestPackageSchema>;
export type ContestPackageInput = z.input<typeof contestPackageSchema>;
export type Round = z.output<typeof roundSchema>;
/** A quiz round with its questions and their answers (staff only). */
export type QuizRound = z.output<typeof quizRoundSchema>;
export type QuizQuestion = QuizRound['questions'][number];
export type Prize = z.output<typeof prizeSchema>;
export type Team = z.output<typeof teamSchema>;
export type Judge = z.output<typeof judgeSchema>;
