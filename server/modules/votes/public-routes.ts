/**
 * Audience votes (scoring.md §5 "audience", §7 "Audience voting", "Votes that cannot be bought"):
 * one vote per device, only while the host has voting open. A device is an id issued and signed
 * by the server (device.ts) in an HttpOnly cookie; a made-up cookie is no device. New ids are
 * issued at most `devicesPerMinutePerIp` a minute per address — hundreds of phones behind the
 * venue's one NAT address still get theirs as they open the page, while one address cannot mint
 * votes. In ticket mode a vote needs one of the printed one-time codes instead.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, slugParamsSchema } from '../../contract/api.js';
import { castVoteSchema, myVoteQuerySchema, myVoteSchema, voteBodySchema } from '../../contract/votes.js';
import { AppError } from '../../lib/errors.js';
import type { SharedWindow } from '../../lib/throttle.js';
import { DeviceIds, hashDevice } from './device.js';
import * as svc from './service.js';

export const DEVICE_COOKIE = 'hoithi_device';
const errors = errorResponses(400, 401, 403, 404, 409, 429);

export interface PublicVoteOptions {
  /** The install's secret that signs device ids (main.ts reads it from the data folder); random per app when absent. */
  deviceSecret?: Buffer;
  /** New device ids issued per client address per minute (HOITHI_VOTE_DEVICES_PER_MINUTE). */
  devicesPerMinutePerIp?: number;
  /** With Redis, where those ids are counted for every process (server/lib/redis/limits.ts). */
  sharedDevices?: SharedWindow;
}

/**
 * A device's id from its cookie, issued and signed here when it has none, and the per-voter limit
 * of the vote route: the same on the primary and on an edge (edge-routes.ts).
 */
export function deviceVoters(devices: DeviceIds) {
  /** The device's verified id, or a new one when the address may have one; null otherwise. */
  async function deviceId(req: FastifyRequest, reply: FastifyReply): Promise<string | null> {
    const known = devices.verify(req.cookies[DEVICE_COOKIE]);
    if (known) return known;
    const fresh = await devices.issue(req.ip);
    if (!fresh) return null;
    reply.setCookie(DEVICE_COOKIE, fresh.cookie, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: req.protocol === 'https',
      maxAge: 365 * 24 * 3600,
    });
    req.cookies[DEVICE_COOKIE] = fresh.cookie;
    return fresh.id;
  }
  // The per-request limit is keyed by what identifies the voter: a ticket or a signed device. A request
  // with neither is bounded by the issuance limit (one new device each), not by a per-address count
  // that would hold back a whole venue behind one NAT.
  const ticketOf = (req: FastifyRequest) => {
    const ticket = (req.body as { ticket?: unknown } | undefined)?.ticket;
    return typeof ticket === 'string' ? ticket.slice(0, 40) : null;
  };
  const byVoter = (req: FastifyRequest) => {
    const ticket = ticketOf(req);
    return ticket !== null ? `ticket:${ticket}` : `device:${devices.verify(req.cookies[DEVICE_COOKIE]) ?? req.ip}`;
  };
  const unidentified = (req: FastifyRequest) => ticketOf(req) === null && !devices.verify(req.cookies[DEVICE_COOKIE]);
  /** 429 DEVICE_LIMIT with its Retry-After: the address had its share of new devices this minute. */
  const deviceLimit = async (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('retry-after', String(await devices.retryAfter(req.ip)));
    return new AppError('DEVICE_LIMIT');
  };
  const rateLimit = {
    max: 10,
    timeWindow: '1 minute',
    keyGenerator: byVoter,
    allowList: unidentified,
    hook: 'preHandler',
    // One count for all processes when the store can share it (server/lib/redis/limits.ts).
    shared: true,
  } as const;
  return { deviceId, deviceLimit, rateLimit };
}

export const myVoteRoute = {
  tags: ['audience'],
  summary: 'The team this device (or, in ticket mode, this ticket) voted for, if any; issues a device id',
  params: slugParamsSchema,
  querystring: myVoteQuerySchema,
  response: { 200: myVoteSchema, ...errors },
};

export const castVoteRoute = {
  tags: ['audience'],
  summary:
    'Vote for the audience prize while voting is open (409 VOTING_CLOSED otherwise): one vote per device, ' +
    'or per ticket in ticket mode (403 TICKET_REQUIRED / TICKET_INVALID, 409 TICKET_USED); 429 DEVICE_LIMIT ' +
    'when the address was issued its share of new devices this minute',
  params: slugParamsSchema,
  body: voteBodySchema,
  response: { 200: castVoteSchema, ...errors },
};

export const publicVoteRoutes: FastifyPluginAsyncZod<PublicVoteOptions> = async (app, opts) => {
  const { deviceId, deviceLimit, rateLimit } = deviceVoters(
    new DeviceIds(opts.deviceSecret ?? randomBytes(32), opts.devicesPerMinutePerIp ?? 20, Date.now, opts.sharedDevices),
  );

  app.get('/api/contests/:slug/votes/me', { schema: myVoteRoute }, async (req, reply) => {
    const device = await deviceId(req, reply);
    return { team: svc.myVote(app.db, req.params.slug, device && hashDevice(device), req.query.ticket) };
  });

  app.post('/api/contests/:slug/votes', { config: { rateLimit }, schema: castVoteRoute }, async (req, reply) => {
    const address = req.ip;
    if (req.body.ticket !== undefined && svc.ticketModeOn(app.db, req.params.slug))
      return svc.castVote(app.db, req.params.slug, req.body.team, { ticket: req.body.ticket, address }, app.clock.iso());
    const device = await deviceId(req, reply);
    if (!device) {
      if (svc.ticketModeOn(app.db, req.params.slug)) throw new AppError('TICKET_REQUIRED', 'ticket');
      throw await deviceLimit(req, reply);
    }
    return svc.castVote(app.db, req.params.slug, req.body.team, { device: hashDevice(device), address }, app.clock.iso());
  });
};
