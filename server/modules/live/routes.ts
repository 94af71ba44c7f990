import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { slugParamsSchema } from '../../contract/api.js';
import { LIVE_DELTA_PROTOCOL } from '../../contract/live-delta.js';
import { liveQuerySchema, type LiveView } from '../../contract/live.js';
import { AppError } from '../../lib/errors.js';
import { addressOf } from '../../lib/sockets.js';
import { releaseUpgrade } from '../../lib/ws-upgrade.js';
import { isForeignOrigin } from '../../plugins/origin.js';
import { contestOr404 } from '../shared/lookups.js';

export interface LiveRouteOptions {
  /**
   * Throws CONTEST_NOT_FOUND unless the contest exists: the database on the primary; an edge has
   * none and asks Redis for the contest's published snapshot (server/edge.ts).
   */
  findContest?: (slug: string) => Promise<void>;
}

/** Screens only listen: anything they send is ignored (and the server caps its size). */
const ignore = () => undefined;

export const liveRoutes: FastifyPluginAsyncZod<LiveRouteOptions> = async (app, opts) => {
  const findContest =
    opts.findContest ??
    (async (slug: string) => {
      contestOr404(app.db, slug);
    });
  app.get(
    '/api/contests/:slug/live',
    {
      websocket: true,
      schema: {
        tags: ['live'],
        summary: 'WebSocket: a snapshot, then updates with increasing seq (?since=<seq> resumes)',
        params: slugParamsSchema,
        querystring: liveQuerySchema,
      },
      // Checked before the upgrade, so a refusal is a plain HTTP error.
      preValidation: async (req) => {
        if (isForeignOrigin(req)) throw new AppError('FOREIGN_ORIGIN');
        const { slug } = req.params as { slug: string };
        await findContest(slug);
        // A plain GET (no upgrade) is a 404 in the API's error shape, and takes no place: it held
        // one until its connection closed, so a kept-alive connection could take them all.
        if (!req.ws) throw new AppError('NOT_FOUND');
        // A place among the live sockets, taken before the upgrade and given back when the
        // connection closes, however it ends. Staff, judges and teams have their own reserve.
        const authenticated = !!req.account || req.judge?.contestSlug === slug || req.team?.contestSlug === slug;
        const address = addressOf(req.ip);
        // On an edge an address's public sockets count across every process (server/lib/redis/sockets.ts).
        const refused = await app.liveSockets.enter(address, authenticated, req.raw.socket);
        if (refused) throw new AppError(refused === 'address' ? 'TOO_MANY_SOCKETS' : 'SERVER_BUSY');
      },
    },
    (socket, req) => {
      // The upgrade's request and response are not kept for the socket's lifetime (server/lib/ws-upgrade.ts).
      releaseUpgrade(socket, app.log);
      const { slug } = req.params;
      const view: LiveView =
        req.account?.role === 'organizer'
          ? 'organizer'
          : req.account?.role === 'host'
            ? 'host'
            : req.judge && req.judge.contestSlug === slug
              ? 'judge'
              : 'public';
      socket.on('message', ignore);
      try {
        // A client that offers the `hoithi.delta` subprotocol (the server takes the first one
        // offered) gets the scoreboard as deltas in its updates.
        app.live.join(socket, slug, view, req.query.since, socket.protocol === LIVE_DELTA_PROTOCOL);
      } catch (err) {
        req.log.error({ err }, 'live join failed');
        socket.close(1011, 'unavailable');
      }
    },
  );
};
