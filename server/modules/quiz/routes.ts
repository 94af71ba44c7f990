import multipart from '@fastify/multipart';
import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as t from '../../../db/schema.js';
import { errorBodySchema, noContentSchema } from '../../contract/api.js';
import {
  importResultSchema,
  paperAnswersBodySchema,
  paperAnswersResultSchema,
  questionBankBodySchema,
  questionCountSchema,
  questionStateSchema,
  quizAnswerBodySchema,
  quizAnswerSchema,
  quizParamsSchema,
  quizRoundParamsSchema,
  quizRoundStateSchema,
  teamLoginBodySchema,
  teamLoginSchema,
  teamMeSchema,
  voidBodySchema,
} from '../../contract/quiz.js';
import { AppError } from '../../lib/errors.js';
import { requestLang } from '../../lib/lang.js';
import { rowsToQuestions } from './import.js';
import { readSpreadsheet } from '../../lib/spreadsheet/index.js';
import {
  answerQuestion,
  closeQuestion,
  enterPaperAnswers,
  openQuestion,
  questionImage,
  replaceQuestionBank,
  roundQuestionStates,
  voidQuestion,
} from './service.js';
import { contestOr404, findContest } from '../shared/lookups.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

const IMAGE_TYPES: [string, (b: Buffer) => boolean][] = [
  ['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', (b) => b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a'],
  ['image/webp', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
];

export const quizRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 5 } });
  const staff = app.requireRole('organizer', 'host');
  const organizer = app.requireRole('organizer');
  const actor = (email?: string) => `staff:${email ?? '?'}`;

  app.get(
    '/api/contests/:slug/quiz/:round',
    {
      onRequest: staff,
      schema: {
        tags: ['quiz'],
        summary: 'Each question of a quiz round and where it stands (ready, open, closed, voided)',
        params: quizRoundParamsSchema,
        response: { 200: quizRoundStateSchema, ...errors },
      },
    },
    async (req) => roundQuestionStates(app.db, req.params.slug, req.params.round, app.clock.now()),
  );

  app.post(
    '/api/contests/:slug/quiz/:round/:question/open',
    {
      onRequest: staff,
      schema: {
        tags: ['quiz'],
        summary: 'Open a question: answers count until its time is up',
        params: quizParamsSchema,
        response: { 200: questionStateSchema, ...errors },
      },
    },
    async (req) =>
      openQuestion(app.db, req.params.slug, req.params.round, req.params.question, actor(req.account?.email), app.clock.now()),
  );

  app.post(
    '/api/contests/:slug/quiz/:round/:question/close',
    {
      onRequest: staff,
      schema: {
        tags: ['quiz'],
        summary: 'Close a question: its answer and counts are shown',
        params: quizParamsSchema,
        response: { 200: questionStateSchema, ...errors },
      },
    },
    async (req) =>
      closeQuestion(app.db, req.params.slug, req.params.round, req.params.question, actor(req.account?.email), app.clock.now()),
  );

  app.post(
    '/api/contests/:slug/quiz/:round/:question/void',
    {
      onRequest: staff,
      schema: {
        tags: ['quiz'],
        summary: 'Void a question (a mistake in it): its points count for no one',
        params: quizParamsSchema,
        body: voidBodySchema,
        response: { 200: questionStateSchema, ...errors },
      },
    },
    async (req) =>
      voidQuestion(app.db, req.params.slug, req.params.round, req.params.question, req.body.reason, actor(req.account?.email)),
  );

  app.post(
    '/api/contests/:slug/quiz/:round/:question/answers',
    {
      // A team link or a staff session, checked before the body is read.
      onRequest: async (req) => {
        if (!req.account && !req.team) throw new AppError('UNAUTHENTICATED');
      },
      config: {
        rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: (req) => req.team?.key ?? req.account?.email ?? req.ip },
      },
      schema: {
        tags: ['quiz'],
        summary: 'Answer a question: a team with its own link, or the host for a team; the first answer counts',
        params: quizParamsSchema,
        body: quizAnswerBodySchema,
        response: { 200: quizAnswerSchema, ...errors },
      },
    },
    async (req) => {
      if (req.account) {
        if (!req.body.team) throw new AppError('VALIDATION', 'team', { rule: 'MARK_MISSING' });
        return answerQuestion(
          app.db,
          req.params.slug,
          req.params.round,
          req.params.question,
          req.body.team,
          req.body.choice,
          actor(req.account.email),
          app.clock.now(),
        );
      }
      if (!req.team) throw new AppError('UNAUTHENTICATED');
      // A team answers only for itself, only in its own contest.
      if (req.team.contestSlug !== req.params.slug) throw new AppError('CONTEST_NOT_FOUND');
      if (req.body.team && req.body.team !== req.team.key) throw new AppError('FORBIDDEN', 'team');
      return answerQuestion(
        app.db,
        req.params.slug,
        req.params.round,
        req.params.question,
        req.team.key,
        req.body.choice,
        'team',
        app.clock.now(),
      );
    },
  );

  app.put(
    '/api/contests/:slug/quiz/:round/:question/answers',
    {
      onRequest: staff,
      schema: {
        tags: ['quiz'],
        summary:
          'Paper answers: the host enters the answers of several teams without a device in one form, all or none, while the question is open',
        params: quizParamsSchema,
        body: paperAnswersBodySchema,
        response: { 200: paperAnswersResultSchema, ...errors },
      },
    },
    async (req) =>
      enterPaperAnswers(
        app.db,
        req.params.slug,
        req.params.round,
        req.params.question,
        req.body.answers,
        actor(req.account?.email),
        app.clock.now(),
      ),
  );

  app.put(
    '/api/contests/:slug/quiz/:round/questions',
    {
      onRequest: organizer,
      schema: {
        tags: ['quiz'],
        summary:
          'Replace a quiz round’s question bank (create, edit, reorder, remove); questions already on stage stay as they were',
        params: quizRoundParamsSchema,
        body: questionBankBodySchema,
        response: { 200: questionCountSchema, ...errors },
      },
    },
    async (req) => replaceQuestionBank(app.db, req.params.slug, req.params.round, req.body.questions),
  );

  app.post(
    '/api/contests/:slug/quiz/:round/import',
    {
      onRequest: organizer,
      schema: {
        tags: ['quiz'],
        summary:
          'Read questions from an XLSX or CSV file (multipart field "file"); returns them with the errors of each bad row, changes nothing',
        params: quizRoundParamsSchema,
        response: { 200: importResultSchema, ...errors, 413: errorBodySchema },
      },
    },
    async (req) => {
      contestOr404(app.db, req.params.slug);
      const file = await req.file();
      if (!file) throw new AppError('VALIDATION', 'file', { rule: 'MARK_MISSING' });
      const rows = await readSpreadsheet(await file.toBuffer());
      return rowsToQuestions(rows, requestLang(req));
    },
  );

  app.put(
    '/api/contests/:slug/quiz/:round/:question/image',
    {
      onRequest: organizer,
      schema: {
        tags: ['quiz'],
        summary: 'Attach a picture to a question (multipart field "file"; PNG, JPEG, GIF or WebP up to 2 MB)',
        params: quizParamsSchema,
        response: { 204: noContentSchema, ...errors },
      },
    },
    async (req, reply) => {
      const { question } = questionImage(app.db, req.params.slug, req.params.round, req.params.question);
      const file = await req.file({ limits: { fileSize: 2 * 1024 * 1024 } });
      if (!file) throw new AppError('VALIDATION', 'file', { rule: 'MARK_MISSING' });
      const buffer = await file.toBuffer();
      const type = IMAGE_TYPES.find(([, test]) => test(buffer))?.[0];
      if (!type) throw new AppError('UNSUPPORTED_FILE', 'file');
      app.db.update(t.questions).set({ image: buffer, imageType: type }).where(eq(t.questions.id, question.id)).run();
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/contests/:slug/quiz/:round/:question/image',
    {
      schema: {
        tags: ['quiz'],
        summary: 'A question’s picture: for everyone once the question is open, for staff before',
        params: quizParamsSchema,
      },
      // The 200 is the picture itself (no response schema): its errors, for the OpenAPI document.
      config: { errorStatuses: [404, 409] },
    },
    async (req, reply) => {
      const { question, opened } = questionImage(app.db, req.params.slug, req.params.round, req.params.question);
      if (!question.image || !question.imageType) throw new AppError('NOT_FOUND');
      if (!opened && !req.account) throw new AppError('NOT_FOUND');
      return reply.header('cache-control', 'private, max-age=60').type(question.imageType).send(question.image);
    },
  );

  // ── a team's own link ──────────────────────────────────────────────────

  app.post(
    '/api/team/login',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['teams'],
        summary: 'Open a team’s private link: starts a session on this device (its cookie holds a random id, not the link)',
        body: teamLoginBodySchema,
        response: { 200: teamLoginSchema, ...errors },
      },
    },
    async (req, reply) => {
      const team = app.openTeamLink(req, reply, req.body.token);
      return { team: { key: team.key, name: team.name }, contest: team.contestSlug };
    },
  );

  app.post(
    '/api/team/logout',
    {
      schema: {
        tags: ['teams'],
        summary: 'Sign this device out of the team link: its session ends (the team’s other devices keep theirs)',
        response: { 204: noContentSchema },
      },
    },
    async (req, reply) => {
      app.closeTeamLink(req, reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/team/me',
    {
      onRequest: app.requireTeam,
      schema: {
        tags: ['teams'],
        summary: 'The team, its contest, and its own quiz answers',
        response: {
          200: teamMeSchema,
          ...errors,
        },
      },
    },
    async (req) => {
      const me = req.team!;
      const team = app.db.select().from(t.teams).where(eq(t.teams.id, me.id)).get()!;
      const contest = findContest(app.db, me.contestSlug)!;
      const answers = app.db
        .select({
          round: t.rounds.key,
          question: t.questions.key,
          choice: t.quizAnswers.choice,
          answeredAt: t.quizAnswers.answeredAt,
        })
        .from(t.quizAnswers)
        .innerJoin(t.questions, eq(t.questions.id, t.quizAnswers.questionId))
        .innerJoin(t.rounds, eq(t.rounds.id, t.questions.roundId))
        .where(and(eq(t.quizAnswers.teamId, me.id)))
        .all();
      return {
        team: { key: team.key, name: team.name, unit: team.unit, status: team.status },
        contest: { slug: contest.slug, title: contest.title },
        answers,
      };
    },
  );
};
