import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, loginBodySchema, meSchema } from '../../contract/api.js';
import { AppError } from '../../lib/errors.js';
import { dummyPasswordHash, verifyPassword } from '../../lib/password.js';
import { findAccountByEmail } from './repository.js';
import { SlidingWindow } from '../../lib/throttle.js';

export const authRoutes: FastifyPluginAsyncZod<{ loginPerMinutePerIp: number }> = async (app, opts) => {
  const throttle = new SlidingWindow();

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: { max: opts.loginPerMinutePerIp, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in as an organizer or host; sets the session cookie',
        body: loginBodySchema,
        response: { 200: meSchema, 400: errorBodySchema, 401: errorBodySchema, 429: errorBodySchema },
      },
    },
    async (req, reply) => {
      const { email, password } = req.body;
      const wait = throttle.retryAfter(email);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new AppError('RATE_LIMITED');
      }
      const account = findAccountByEmail(app.db, email);
      const ok = await verifyPassword(password, account?.passwordHash ?? (await dummyPasswordHash()));
      if (!account || !ok) {
        throttle.hit(email);
        throw new AppError('BAD_CREDENTIALS');
      }
      throttle.clear(email);
      app.startSession(reply, req, account.id);
      return { account: { email: account.email, role: account.role } };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out: the session is revoked', response: { 204: z.null() } } },
    async (req, reply) => {
      app.endSession(reply, req);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags: ['auth'], summary: 'The signed-in account', response: { 200: meSchema, 401: errorBodySchema } } },
    async (req) => {
      if (!req.account) throw new AppError('UNAUTHENTICATED');
      return { account: { email: req.account.email, role: req.account.role } };
    },
  );
};
