/**
 * Audience votes (scoring.md §5 "audience", §7 "Audience voting"): the staff's routes — opening and
 * closing the vote, the summary, the addresses and voiding, ticket mode and the printed codes.
 * The audience's own routes (a device's vote) are in public-routes.ts.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, slugParamsSchema } from '../../contract/api.js';
import {
  ticketBatchBodySchema,
  ticketListSchema,
  ticketModeBodySchema,
  voidBodySchema,
  voidVotesSchema,
  voteAddressesSchema,
  votingSummarySchema,
} from '../../contract/votes.js';
import { publicVoteRoutes, type PublicVoteOptions } from './public-routes.js';
import * as svc from './service.js';

const errors = errorResponses(400, 401, 403, 404, 409, 429);

export interface VoteOptions extends PublicVoteOptions {
  /** Base of the links printed on tickets. */
  publicUrl?: string;
}

export const voteRoutes: FastifyPluginAsyncZod<VoteOptions> = async (app, opts) => {
  const staff = app.requireRole('organizer', 'host');
  const organizer = app.requireRole('organizer');
  const actor = (email?: string) => `staff:${email ?? '?'}`;
  const baseUrl = (req: FastifyRequest) => (opts.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');

  app.get(
    '/api/contests/:slug/votes',
    {
      onRequest: staff,
      schema: {
        tags: ['audience'],
        summary: 'Whether voting is open, and the votes per team (staff)',
        params: slugParamsSchema,
        response: { 200: votingSummarySchema, ...errors },
      },
    },
    async (req) => svc.readVoting(app.db, req.params.slug),
  );

  app.post(
    '/api/contests/:slug/votes/open',
    {
      onRequest: staff,
      schema: {
        tags: ['audience'],
        summary: 'Open audience voting (again after a close: logged as a reopen); open already changes nothing',
        params: slugParamsSchema,
        response: { 200: votingSummarySchema, ...errors },
      },
    },
    async (req) => svc.openVoting(app.db, req.params.slug, actor(req.account?.email), app.clock.iso()),
  );

  app.post(
    '/api/contests/:slug/votes/close',
    {
      onRequest: staff,
      schema: {
        tags: ['audience'],
        summary: 'Close audience voting: the audience prize is decided from now on (409 if it was never opened)',
        params: slugParamsSchema,
        response: { 200: votingSummarySchema, ...errors },
      },
    },
    async (req) => svc.closeVoting(app.db, req.params.slug, actor(req.account?.email), app.clock.iso()),
  );

  // The audience's routes, here so that the API document lists them in their place.
  await app.register(publicVoteRoutes, opts);

  app.get(
    '/api/contests/:slug/votes/addresses',
    {
      onRequest: staff,
      schema: {
        tags: ['audience'],
        summary: 'Votes per client address and per minute, voided ones apart (staff)',
        params: slugParamsSchema,
        response: { 200: voteAddressesSchema, ...errors },
      },
    },
    async (req) => svc.voteAddresses(app.db, req.params.slug),
  );

  app.post(
    '/api/contests/:slug/votes/void',
    {
      onRequest: organizer,
      schema: {
        tags: ['audience'],
        summary: 'Void every counted vote from one address, with a reason (logged; listed in the minutes)',
        params: slugParamsSchema,
        body: voidBodySchema,
        response: { 200: voidVotesSchema, ...errors },
      },
    },
    async (req) =>
      svc.voidVotes(app.db, req.params.slug, req.body.address, req.body.reason, actor(req.account?.email), app.clock.iso()),
  );

  app.put(
    '/api/contests/:slug/votes/mode',
    {
      onRequest: organizer,
      schema: {
        tags: ['audience'],
        summary: 'Turn ticket mode on or off: in ticket mode a vote needs a printed one-time code',
        params: slugParamsSchema,
        body: ticketModeBodySchema,
        response: { 200: votingSummarySchema, ...errors },
      },
    },
    async (req) => svc.setTicketMode(app.db, req.params.slug, req.body.tickets, actor(req.account?.email), app.clock.iso()),
  );

  const ticketList = (req: FastifyRequest, slug: string, list: { code: string; usedAt: string | null }[]) => ({
    tickets: list.map((x) => ({
      code: x.code,
      usedAt: x.usedAt,
      url: `${baseUrl(req)}/live/${encodeURIComponent(slug)}?ve=${x.code}`,
    })),
  });

  app.get(
    '/api/contests/:slug/votes/tickets',
    {
      onRequest: organizer,
      schema: {
        tags: ['audience'],
        summary: 'The printed one-time voting codes, with the link each QR code opens and whether it was used',
        params: slugParamsSchema,
        response: { 200: ticketListSchema, ...errors },
      },
    },
    async (req) => ticketList(req, req.params.slug, svc.listTickets(app.db, req.params.slug)),
  );

  app.post(
    '/api/contests/:slug/votes/tickets',
    {
      onRequest: organizer,
      schema: {
        tags: ['audience'],
        summary: 'Make `count` more one-time voting codes (1–2000 at a time); returns them all',
        params: slugParamsSchema,
        body: ticketBatchBodySchema,
        response: { 200: ticketListSchema, ...errors },
      },
    },
    async (req) => ticketList(req, req.params.slug, svc.addTickets(app.db, req.params.slug, req.body.count)),
  );
};
