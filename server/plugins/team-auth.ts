/**
 * Teams authenticate with the secret of their private link: the HttpOnly cookie set when the
 * link is opened on the team's phone, or `Authorization: Bearer <token>`.
 */
import { eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import * as t from '../../db/schema.js';
import { AppError } from '../lib/errors.js';

export const TEAM_COOKIE = 'hoithi_team';

export interface TeamIdentity {
  id: number;
  key: string;
  name: string;
  contestId: number;
  contestSlug: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    team: TeamIdentity | null;
  }
  interface FastifyInstance {
    findTeamByToken(token: string): TeamIdentity | undefined;
    requireTeam: (req: FastifyRequest) => Promise<void>;
    setTeamCookie(reply: FastifyReply, req: FastifyRequest, token: string): void;
  }
}

export default fp(
  async (app) => {
    app.decorateRequest('team', null);
    app.decorate('findTeamByToken', (token: string) =>
      app.db
        .select({
          id: t.teams.id,
          key: t.teams.key,
          name: t.teams.name,
          contestId: t.teams.contestId,
          contestSlug: t.contests.slug,
        })
        .from(t.teams)
        .innerJoin(t.contests, eq(t.contests.id, t.teams.contestId))
        .where(eq(t.teams.token, token))
        .get(),
    );
    app.addHook('onRequest', async (req) => {
      const header = req.headers.authorization;
      // A Bearer token that already named a judge is not a team's: no second lookup on a submit.
      if (req.judge && typeof header === 'string') return;
      const token =
        typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : req.cookies[TEAM_COOKIE];
      if (token) req.team = app.findTeamByToken(token) ?? null;
    });
    app.decorate('requireTeam', async (req: FastifyRequest) => {
      if (!req.team) throw new AppError('LINK_INVALID');
    });
    app.decorate('setTeamCookie', (reply: FastifyReply, req: FastifyRequest, token: string) => {
      reply.setCookie(TEAM_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: req.protocol === 'https',
        maxAge: 90 * 24 * 3600,
      });
    });
  },
  { name: 'team-auth', dependencies: ['db', '@fastify/cookie', 'judge-auth'] },
);
