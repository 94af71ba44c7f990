/**
 * Organizer and host sessions: an HttpOnly, SameSite cookie holding a random secret whose sha256
 * is the session row's key. A new secret at every login (rotation); logout deletes the row.
 */
import { createHash } from 'node:crypto';
import { eq, lt } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import * as t from '../../db/schema.js';
import type { Role } from '../contract/api.js';
import { sessionCookieOptions } from '../lib/cookies.js';
import { AppError } from '../lib/errors.js';
import { randomToken } from '../lib/password.js';

export const SESSION_COOKIE = 'hoithi_session';
const SESSION_HOURS = 24;

export interface SessionAccount {
  id: number;
  email: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    account: SessionAccount | null;
  }
  interface FastifyInstance {
    startSession(reply: FastifyReply, req: FastifyRequest, accountId: number): void;
    endSession(reply: FastifyReply, req: FastifyRequest): void;
    requireRole(...roles: Role[]): (req: FastifyRequest) => Promise<void>;
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export default fp(
  async (app) => {
    app.decorateRequest('account', null);

    app.addHook('onRequest', async (req) => {
      const secret = req.cookies[SESSION_COOKIE];
      if (!secret) return;
      const row = app.db
        .select({ id: t.accounts.id, email: t.accounts.email, role: t.accounts.role, expiresAt: t.sessions.expiresAt })
        .from(t.sessions)
        .innerJoin(t.accounts, eq(t.accounts.id, t.sessions.accountId))
        .where(eq(t.sessions.idHash, sha256(secret)))
        .get();
      if (row && row.expiresAt > app.clock.iso()) req.account = { id: row.id, email: row.email, role: row.role };
    });

    app.decorate('startSession', (reply: FastifyReply, req: FastifyRequest, accountId: number) => {
      const old = req.cookies[SESSION_COOKIE];
      const secret = randomToken(32);
      const now = app.clock.date();
      app.db.transaction((tx) => {
        // Rotation: whatever session id the browser held before login is void from now on.
        if (old)
          tx.delete(t.sessions)
            .where(eq(t.sessions.idHash, sha256(old)))
            .run();
        tx.delete(t.sessions).where(lt(t.sessions.expiresAt, now.toISOString())).run();
        tx.insert(t.sessions)
          .values({
            idHash: sha256(secret),
            accountId,
            expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000).toISOString(),
          })
          .run();
      });
      reply.setCookie(SESSION_COOKIE, secret, { ...sessionCookieOptions(req), maxAge: SESSION_HOURS * 3600 });
    });

    app.decorate('endSession', (reply: FastifyReply, req: FastifyRequest) => {
      const secret = req.cookies[SESSION_COOKIE];
      if (secret)
        app.db
          .delete(t.sessions)
          .where(eq(t.sessions.idHash, sha256(secret)))
          .run();
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
    });

    app.decorate('requireRole', (...roles: Role[]) => async (req: FastifyRequest) => {
      if (!req.account) throw new AppError('UNAUTHENTICATED');
      if (!roles.includes(req.account.role)) throw new AppError('FORBIDDEN');
    });
  },
  { name: 'auth', dependencies: ['db', 'clock', '@fastify/cookie'] },
);
