/**
 * Judges authenticate with the secret of their private link: `Authorization: Bearer <token>`, or
 * the HttpOnly cookie set when the link is opened on the tablet. A revoked link is no credential.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import * as t from '../../db/schema.js';
import { AppError } from '../lib/errors.js';

export const JUDGE_COOKIE = 'hoithi_judge';

export interface JudgeIdentity {
  id: number;
  key: string;
  name: string;
  title: string | null;
  contestId: number;
  contestSlug: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    judge: JudgeIdentity | null;
    /** A token was presented (header or cookie) but it names no active judge link. */
    judgeTokenInvalid: boolean;
  }
  interface FastifyInstance {
    findJudgeByToken(token: string): JudgeIdentity | undefined;
    requireJudge: (req: FastifyRequest) => Promise<void>;
    setJudgeCookie(reply: FastifyReply, req: FastifyRequest, token: string): void;
    clearJudgeCookie(reply: FastifyReply, req: FastifyRequest): void;
  }
}

function presentedToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim();
  return req.cookies[JUDGE_COOKIE];
}

export default fp(
  async (app) => {
    app.decorateRequest('judge', null);
    app.decorateRequest('judgeTokenInvalid', false);

    app.decorate('findJudgeByToken', (token: string) =>
      app.db
        .select({
          id: t.judges.id,
          key: t.judges.key,
          name: t.judges.name,
          title: t.judges.title,
          contestId: t.judges.contestId,
          contestSlug: t.contests.slug,
        })
        .from(t.judges)
        .innerJoin(t.contests, eq(t.contests.id, t.judges.contestId))
        .where(and(eq(t.judges.token, token), isNull(t.judges.linkRevokedAt)))
        .get(),
    );

    app.addHook('onRequest', async (req) => {
      const token = presentedToken(req);
      if (!token) return;
      const judge = app.findJudgeByToken(token);
      if (judge) req.judge = judge;
      else req.judgeTokenInvalid = true;
    });

    app.decorate('requireJudge', async (req: FastifyRequest) => {
      if (!req.judge) throw new AppError(req.judgeTokenInvalid ? 'LINK_INVALID' : 'UNAUTHENTICATED');
    });

    const options = (req: FastifyRequest) => ({
      path: '/',
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: req.protocol === 'https',
    });
    app.decorate('setJudgeCookie', (reply: FastifyReply, req: FastifyRequest, token: string) => {
      // A contest day and its rehearsal: the tablet stays signed in for a week.
      reply.setCookie(JUDGE_COOKIE, token, { ...options(req), maxAge: 7 * 24 * 3600 });
    });
    app.decorate('clearJudgeCookie', (reply: FastifyReply, req: FastifyRequest) => {
      reply.clearCookie(JUDGE_COOKIE, options(req));
    });
  },
  { name: 'judge-auth', dependencies: ['db', '@fastify/cookie'] },
);
