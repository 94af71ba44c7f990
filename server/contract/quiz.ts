/** The knowledge round (scoring.md §2 "quiz"): the question bank, running it, answers. */
import { z } from 'zod';
import { keySchema, questionSchema, text } from './package.js';

export const quizParamsSchema = z.object({ slug: z.string(), round: keySchema, question: keySchema });
export const quizRoundParamsSchema = z.object({ slug: z.string(), round: keySchema });

/** A team answers for itself (its link); the host enters an answer for a team by naming it. */
export const quizAnswerBodySchema = z.object({ team: keySchema.optional(), choice: z.number().int().min(0).max(9) });
export const quizAnswerSchema = z.object({
  question: z.string(),
  team: z.string(),
  choice: z.number().int(),
  answeredAt: z.string(),
});
/**
 * Paper answers: the host enters, in one form, the answers of the teams without a device for one
 * question; all or none are recorded.
 */
export const paperAnswersBodySchema = z.object({
  answers: z
    .array(z.object({ team: keySchema, choice: z.number().int().min(0).max(9) }))
    .min(1)
    .max(500),
});
export const paperAnswersResultSchema = z.object({
  question: z.string(),
  /** Each entry as stored; `added` is false for an entry equal to the answer already recorded. */
  answers: z.array(z.object({ team: z.string(), choice: z.number().int(), answeredAt: z.string(), added: z.boolean() })),
});
export const voidBodySchema = z.object({ reason: text(1000) });
export const questionBankBodySchema = z.object({ questions: z.array(questionSchema).max(500) });

/** What every screen may know of the current question; the answer and counts only once closed. */
export const liveQuestionSchema = z.object({
  round: z.string(),
  question: z.string(),
  number: z.number().int(),
  of: z.number().int(),
  text: z.string(),
  choices: z.array(z.string()),
  points: z.number(),
  hasImage: z.boolean(),
  openedAt: z.string(),
  closesAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  voided: z.boolean(),
  voidReason: z.string().nullable(),
  /** How many teams have answered so far (never which choice while open). */
  answered: z.number().int(),
  answer: z.number().int().nullable(),
  counts: z.array(z.number().int()).nullable(),
});
export type LiveQuestion = z.infer<typeof liveQuestionSchema>;

export const importRowErrorSchema = z.object({ row: z.number().int(), field: z.string(), message: z.string() });
export const importResultSchema = z.object({
  questions: z.array(questionSchema),
  errors: z.array(importRowErrorSchema),
});

/** For staff: each question of a quiz round and where it stands. */
export const quizRoundStateSchema = z.object({
  round: z.string(),
  questions: z.array(
    z.object({
      key: z.string(),
      state: z.enum(['ready', 'open', 'closed', 'voided']),
      openedAt: z.string().nullable(),
      closesAt: z.string().nullable(),
      closedAt: z.string().nullable(),
      voidReason: z.string().nullable(),
      hasImage: z.boolean(),
      answered: z.number().int(),
    }),
  ),
});

/** A question's state on stage after the host opens, closes or voids it. */
export const questionStateSchema = z.object({
  questionId: z.number().int(),
  openedAt: z.string(),
  closesAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  voidedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
});
export type QuestionState = z.infer<typeof questionStateSchema>;

export const questionCountSchema = z.object({ count: z.number().int() });
export type QuestionCount = z.infer<typeof questionCountSchema>;

export const teamLoginBodySchema = z.object({ token: z.string().min(10).max(200) });
export type TeamLoginBody = z.infer<typeof teamLoginBodySchema>;
export const teamLoginSchema = z.object({ team: z.object({ key: z.string(), name: z.string() }), contest: z.string() });
export type TeamLogin = z.infer<typeof teamLoginSchema>;

/** GET /api/team/me: the team, its contest and its own quiz answers. */
export const teamMeSchema = z.object({
  team: z.object({ key: z.string(), name: z.string(), unit: z.string(), status: z.string() }),
  contest: z.object({ slug: z.string(), title: z.string() }),
  answers: z.array(z.object({ round: z.string(), question: z.string(), choice: z.number().int(), answeredAt: z.string() })),
});
export type TeamMe = z.infer<typeof teamMeSchema>;
