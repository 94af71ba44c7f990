/**
 * The audience's vote routes on an edge (issue #14, item 4): the same paths, statuses and bodies as
 * on the primary (public-routes.ts), with no database. A device is told by the same signed cookie
 * (the primary's secret, given by config: sharedDeviceSecret), the vote is checked by the same rules
 * (voteRefusal) against what the primary publishes (the window, ticket mode, the teams, the
 * printed codes' hashes), and appended to the votes stream the primary stores from
 * (server/lib/vote-relay.ts). When the vote cannot be appended the answer is 503
 * VOTES_UNAVAILABLE, never a 200.
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../contract/api.js';
import { AppError } from '../../lib/errors.js';
import type { VoteOutbox, VoteRules } from '../../lib/vote-relay.js';
import { DeviceIds, hashDevice } from './device.js';
import { castVoteRoute, deviceVoters, myVoteRoute } from './public-routes.js';
import { hashTicket, voteRefusal, type VoterKind } from './service.js';

export interface EdgeVoteOptions {
  /** HOITHI_REDIS_URL. */
  redisUrl: string;
  /** The primary's device secret (sharedDeviceSecret); without it the edge takes no votes. */
  deviceSecret?: Buffer;
  /** New device ids issued per client address per minute (HOITHI_VOTE_DEVICES_PER_MINUTE). */
  devicesPerMinutePerIp?: number;
}

const unavailable = errorResponses(503);
const teamIn = (rules: VoteRules, key: string) => (Object.hasOwn(rules.teams, key) ? { status: rules.teams[key]! } : undefined);

export const edgeVoteRoutes: FastifyPluginAsyncZod<EdgeVoteOptions> = async (app, opts) => {
  const secret = opts.deviceSecret;
  if (!secret) {
    app.log.warn('no HOITHI_DEVICE_SECRET (nor device-secret.key in the data folder): this edge takes no votes (421)');
    return;
  }
  // The limits are counted in Redis, once for every edge and worker (and the primary).
  const { redisVoteLimits } = await import('../../lib/redis/limits.js');
  const limits = await redisVoteLimits(opts.redisUrl, app.log);
  app.addHook('onClose', async () => limits.close());
  const devices = new DeviceIds(secret, opts.devicesPerMinutePerIp ?? 20, Date.now, limits.devices);
  const { deviceId, deviceLimit, rateLimit: perVoter } = deviceVoters(devices);
  await app.register(cookie);
  await app.register(rateLimit, { global: false, store: limits.store });
  const { redisVoteOutbox } = await import('../../lib/redis/votes.js');
  const outbox: VoteOutbox = redisVoteOutbox(opts.redisUrl, app.log);
  app.addHook('onClose', async () => outbox.close());

  const rulesOr404 = async (slug: string) => {
    const rules = await outbox.rules(slug);
    if (!rules) throw new AppError('CONTEST_NOT_FOUND');
    return rules;
  };

  app.get(
    '/api/contests/:slug/votes/me',
    { schema: { ...myVoteRoute, response: { ...myVoteRoute.response, ...unavailable } } },
    async (req, reply) => {
      const device = await deviceId(req, reply);
      const rules = await rulesOr404(req.params.slug);
      const voter = rules.tickets && req.query.ticket ? `ticket:${req.query.ticket}` : device && `device:${hashDevice(device)}`;
      return { team: voter ? await outbox.votedTeam(req.params.slug, voter) : null };
    },
  );

  app.post(
    '/api/contests/:slug/votes',
    { config: { rateLimit: perVoter }, schema: { ...castVoteRoute, response: { ...castVoteRoute.response, ...unavailable } } },
    async (req, reply) => {
      const { slug } = req.params;
      const rules = await rulesOr404(slug);
      let kind: VoterKind = 'ticket';
      let voter = `ticket:${req.body.ticket}`;
      if (req.body.ticket === undefined || !rules.tickets) {
        const device = await deviceId(req, reply);
        if (!device) throw rules.tickets ? new AppError('TICKET_REQUIRED', 'ticket') : await deviceLimit(req, reply);
        kind = 'device';
        voter = `device:${hashDevice(device)}`;
      }
      const refused = voteRefusal(rules.state, teamIn(rules, req.body.team), rules.tickets, kind);
      if (refused) throw refused;
      if (kind === 'ticket' && !(await outbox.ticketKnown(slug, hashTicket(req.body.ticket!))))
        throw new AppError('TICKET_INVALID', 'ticket');
      const had = await outbox.append({ slug, voter, team: req.body.team, address: req.ip, at: app.clock.iso() });
      if (had !== null) throw kind === 'ticket' ? new AppError('TICKET_USED', 'ticket') : new AppError('ALREADY_VOTED');
      return { team: req.body.team };
    },
  );
};
