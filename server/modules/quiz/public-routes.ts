/** The quiz routes anyone may call: a question's picture once the question is open. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { quizParamsSchema } from '../../contract/quiz.js';
import { AppError } from '../../lib/errors.js';
import { questionImage } from './service.js';

export const quizPublicRoutes: FastifyPluginAsyncZod = async (app) => {
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
};
