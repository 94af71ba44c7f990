/**
 * Teams authenticate two ways (api.md "Teams"):
 * - programs send the secret of the private link, `Authorization: Bearer <token>`;
 * - a phone opens the link (POST /api/team/login) and then holds the HttpOnly cookie `hoithi_team`:
 *   a random session id, of which the server keeps only the sha256 (team_sessions). A team may have
 *   several sessions (the captain's and the members' phones); signing out ends this one, a reissue
 *   of the link ends them all. The link's token itself is never put in a cookie.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { DbLike } from '../../db/client.js';
import { sessionCookieOptions } from '../lib/cookies.js';
import { AppError } from '../lib/errors.js';
import { randomToken } from '../lib/password.js';

export const TEAM_COOKIE = 'hoithi_team';
/** A session's last contact is written at most this often (not on every request). */
const SEEN_EVERY_MS = 60_000;

const sessionHash = (id: string) => createHash('sha256').update(id).digest('hex');

export interface TeamIdentity {
  id: number;
  key: string;
  name: string;
  contestId: number;
  contestSlug: string;
  /** The sha256 of the session id when the cookie signed the team in; null for Bearer. */
  session: string | null;
}

/** A team as a link or a session names it. */
export type LinkedTeam = Omit<TeamIdentity, 'session'>;

/**
 * Where team link sessions are kept: the registration module provides it (buildApp hands it to this
 * plugin), so the plugin knows no domain module.
 */
export interface TeamSessionStore {
  /** A session unseen for this long is over (the cookie's own lifetime). */
  ttlMs: number;
  teamByToken: (db: DbLike, token: string) => LinkedTeam | undefined;
  teamBySession: (db: DbLike, idHash: string, now: number) => (LinkedTeam & { seenAt: string }) | undefined;
  openSession: (db: DbLike, teamId: number, idHash: string, now: Date) => void;
  touchSession: (db: DbLike, idHash: string, now: Date) => void;
  endSession: (db: DbLike, idHash: string) => void;
}

export interface TeamAuthOptions {
  sessions: TeamSessionStore;
}

declare module 'fastify' {
  interface FastifyRequest {
    team: TeamIdentity | null;
  }
  interface FastifyInstance {
    findTeamByToken(token: string): Omit<TeamIdentity, 'session'> | undefined;
    requireTeam: (req: FastifyRequest) => Promise<void>;
    /** Opens a team's private link on this device: a new session (or this device's own again) and its cookie. */
    openTeamLink(req: FastifyRequest, reply: FastifyReply, token: string): TeamIdentity;
    /** Ends this device's session and clears the cookie. */
    closeTeamLink(req: FastifyRequest, reply: FastifyReply): void;
  }
}

export default fp<TeamAuthOptions>(
  async (app, opts) => {
    const repo = opts.sessions;
    app.decorateRequest('team', null);
    app.decorate('findTeamByToken', (token: string) => repo.teamByToken(app.db, token));

    const setCookie = (reply: FastifyReply, req: FastifyRequest, id: string) =>
      reply.setCookie(TEAM_COOKIE, id, { ...sessionCookieOptions(req), maxAge: repo.ttlMs / 1000 });

    app.addHook('onRequest', async (req, reply) => {
      const header = req.headers.authorization;
      if (typeof header === 'string' && header.startsWith('Bearer ')) {
        // A Bearer token that already named a judge is not a team's: no second lookup on a submit.
        if (req.judge) return;
        const team = app.findTeamByToken(header.slice(7).trim());
        if (team) req.team = { ...team, session: null };
        return;
      }
      const id = req.cookies[TEAM_COOKIE];
      if (!id) return;
      const hash = sessionHash(id);
      const found = repo.teamBySession(app.db, hash, app.clock.now());
      if (!found) return;
      const { seenAt, ...team } = found;
      req.team = { ...team, session: hash };
      const now = app.clock.now();
      if (now - Date.parse(seenAt) >= SEEN_EVERY_MS) {
        repo.touchSession(app.db, hash, new Date(now));
        // A phone in use keeps its cookie (not on a WebSocket upgrade: no headers go back).
        if (req.headers.upgrade === undefined) setCookie(reply, req, id);
      }
    });

    app.decorate('requireTeam', async (req: FastifyRequest) => {
      if (!req.team) throw new AppError('LINK_INVALID');
    });

    app.decorate('openTeamLink', (req: FastifyRequest, reply: FastifyReply, token: string) => {
      const team = app.findTeamByToken(token);
      if (!team) throw new AppError('LINK_INVALID');
      const held = req.cookies[TEAM_COOKIE];
      const heldHash = held ? sessionHash(held) : null;
      // The link opened again on a phone that holds it (a reload, the QR code scanned twice): the same session.
      if (held && heldHash && req.team?.session === heldHash && req.team.id === team.id) {
        setCookie(reply, req, held);
        return req.team;
      }
      // The phone leaves the session it held before (another team's, or a dead one).
      if (heldHash) repo.endSession(app.db, heldHash);
      const id = randomToken(32);
      const hash = sessionHash(id);
      repo.openSession(app.db, team.id, hash, app.clock.date());
      setCookie(reply, req, id);
      return { ...team, session: hash };
    });

    app.decorate('closeTeamLink', (req: FastifyRequest, reply: FastifyReply) => {
      const held = req.cookies[TEAM_COOKIE];
      if (held) repo.endSession(app.db, sessionHash(held));
      reply.clearCookie(TEAM_COOKIE, sessionCookieOptions(req));
    });
  },
  { name: 'team-auth', dependencies: ['db', 'clock', '@fastify/cookie', 'judge-auth'] },
);
