import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, slugParamsSchema } from '../../contract/api.js';
import { sceneBodySchema, serverTimeSchema, stageBodySchema, stageSchema, timerBodySchema } from '../../contract/judging.js';
import {
  frozenSchema,
  revealConflictSchema,
  revealNextBodySchema,
  revealStateSchema,
  unfrozenSchema,
} from '../../contract/results.js';
import { controlTimer, freeze, revealNext, setScene, setStage, stageOf, unfreeze } from './service.js';

const errors = errorResponses(400, 401, 403, 404, 409);

export const stageRoutes: FastifyPluginAsyncZod = async (app) => {
  const staff = app.requireRole('organizer', 'host');
  const params = slugParamsSchema;

  app.get(
    '/api/time',
    {
      schema: {
        tags: ['host'],
        summary: 'The server clock, for screens to count down in step',
        response: { 200: serverTimeSchema },
      },
    },
    async () => ({ now: app.clock.now() }),
  );

  app.get(
    '/api/contests/:slug/stage',
    {
      schema: {
        tags: ['host'],
        summary: 'Who is on stage, the scene and the timer (public)',
        params,
        response: { 200: stageSchema, ...errors },
      },
    },
    async (req) => stageOf(app.db, req.params.slug),
  );

  app.post(
    '/api/contests/:slug/stage',
    {
      onRequest: staff,
      schema: {
        tags: ['host'],
        summary: 'Set the round and team on stage',
        params,
        body: stageBodySchema,
        response: { 200: stageSchema, ...errors },
      },
    },
    async (req) => setStage(app.db, req.params.slug, req.body.round, req.body.team, app.clock.now()),
  );

  app.post(
    '/api/contests/:slug/scene',
    {
      onRequest: staff,
      schema: {
        tags: ['host'],
        summary: 'Switch the big-screen scene',
        params,
        body: sceneBodySchema,
        response: { 200: stageSchema, ...errors },
      },
    },
    async (req) => setScene(app.db, req.params.slug, req.body.scene, app.clock.now()),
  );

  app.post(
    '/api/contests/:slug/timer',
    {
      onRequest: staff,
      schema: {
        tags: ['host'],
        summary: 'Start, pause or reset the round timer',
        params,
        body: timerBodySchema,
        response: { 200: stageSchema, ...errors },
      },
    },
    async (req) => controlTimer(app.db, req.params.slug, req.body.action, req.body.durationSec, app.clock.now()),
  );

  app.post(
    '/api/contests/:slug/freeze',
    {
      onRequest: staff,
      schema: {
        tags: ['host'],
        summary: 'Freeze the public scoreboard as it stands',
        params,
        response: { 200: frozenSchema, ...errors },
      },
    },
    async (req) => freeze(app.db, req.params.slug, app.clock.now()),
  );

  app.post(
    '/api/contests/:slug/unfreeze',
    {
      onRequest: staff,
      schema: {
        tags: ['host'],
        summary: 'End the freeze: the public sees the released board again',
        params,
        response: { 200: unfrozenSchema, ...errors },
      },
    },
    async (req) => unfreeze(app.db, req.params.slug) as { frozen: false },
  );

  app.post(
    '/api/contests/:slug/reveal/next',
    {
      onRequest: staff,
      schema: {
        tags: ['host'],
        summary:
          'Reveal the next step: teams from the last place up, then the prizes. Refused (409 RESULTS_NOT_FINAL with the issues) while the results are not final, unless override with a reason (logged)',
        params,
        body: revealNextBodySchema,
        response: { 200: revealStateSchema, ...errors, 409: revealConflictSchema },
      },
    },
    async (req) =>
      revealNext(
        app.db,
        req.params.slug,
        req.body ?? {},
        `${req.account?.role ?? 'staff'}:${req.account?.email ?? '?'}`,
        app.clock.now(),
      ),
  );
};
