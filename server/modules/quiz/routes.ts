/**
 * The quiz routes of the staff (organizer and host): run a round, enter answers, edit the question
 * bank; the public picture and a team's own link are registered after them, in that order.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, errorResponses, noContentSchema } from '../../contract/api.js';
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
  storeQuestionImage,
  voidQuestion,
} from './service.js';
import { contestOr404 } from '../shared/lookups.js';
import { quizPublicRoutes } from './public-routes.js';
import { teamRoutes } from './team-routes.js';

const errors = errorResponses(400, 401, 403, 404, 409);

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
    async (req) => {
      const { slug, round, question } = req.params;
      return voidQuestion(app.db, slug, round, question, req.body.reason, actor(req.account?.email), app.clock.now());
    },
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
      storeQuestionImage(app.db, question.id, await file.toBuffer());
      return reply.code(204).send(null);
    },
  );

  await app.register(quizPublicRoutes);
  await app.register(teamRoutes);
};
