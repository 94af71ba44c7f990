import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, loginBodySchema, meSchema, noContentSchema, passwordChangeSchema } from '../../contract/api.js';
import { AppError } from '../../lib/errors.js';
import { LoginThrottle } from '../../lib/throttle.js';
import { changeOwnPassword, signIn } from './service.js';

export const authRoutes: FastifyPluginAsyncZod<{ loginPerMinutePerIp: number }> = async (app, opts) => {
  // Failed sign-ins are counted per (account, address); an account under attack is slowed, never locked.
  const throttle = new LoginThrottle();

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
      const wait = throttle.retryAfter(email, req.ip);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new AppError('RATE_LIMITED');
      }
      const account = await signIn(app.db, throttle, email, password, req.ip);
      app.startSession(reply, req, account.id);
      return { account: { email: account.email, role: account.role } };
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out: the session is revoked', response: { 204: noContentSchema } } },
    async (req, reply) => {
      app.endSession(reply, req);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/auth/password',
    {
      onRequest: app.requireRole('organizer', 'host'),
      config: { rateLimit: { max: opts.loginPerMinutePerIp, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary:
          'Change one’s own password (organizer or host): every other session of the account is signed out, this one gets a new cookie',
        body: passwordChangeSchema,
        response: { 200: meSchema, 400: errorBodySchema, 401: errorBodySchema, 429: errorBodySchema },
      },
    },
    async (req, reply) => {
      const me = req.account!;
      // A wrong current password counts as a failed sign-in of the account from this address.
      const wait = throttle.retryAfter(me.email, req.ip);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new AppError('RATE_LIMITED');
      }
      const account = await changeOwnPassword(app.db, throttle, me, req.body.currentPassword, req.body.newPassword, req.ip);
      app.startSession(reply, req, account.id);
      req.log.info({ account: account.id }, 'password changed; other sessions signed out');
      return { account: { email: account.email, role: account.role } };
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
