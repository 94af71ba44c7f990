/**
 * Judges authenticate two ways (api.md "Judges"):
 * - programs send the secret of the private link, `Authorization: Bearer <token>`; this binds nothing;
 * - the tablet opens the link once (POST /api/judge/login) and then holds the HttpOnly cookie
 *   `hoithi_judge`: a random device secret, of which the server keeps only the sha256
 *   (judges.link_device_hash). One tablet per link: while a device holds the link, opening it
 *   anywhere else is refused with 409 LINK_IN_USE until the organizer releases the link (or
 *   reissues or revokes it), or the tablet signs out. A cookie whose binding is gone is refused
 *   with JUDGE_SIGNED_OUT. A revoked link is no credential.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sessionCookieOptions } from '../lib/cookies.js';
import { AppError } from '../lib/errors.js';
import type { JudgeLink, JudgeLinkStore } from '../lib/judge-links.js';
import { randomToken } from '../lib/password.js';

export const JUDGE_COOKIE = 'hoithi_judge';
/** The bound device's last contact is written at most this often (not on every request). */
export const LINK_SEEN_EVERY_MS = 60_000;
/** A contest day and its rehearsal: a tablet unused for a week forgets the link; one in use keeps it. */
const COOKIE_MAX_AGE_S = 7 * 24 * 3600;

export const deviceHash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** The judge a request comes from: the link's judge, and how the request proved it. */
export interface JudgeIdentity extends Pick<JudgeLink, 'id' | 'key' | 'name' | 'title' | 'contestId' | 'contestSlug'> {
  /** The sha256 of the device secret when the tablet's cookie signed the judge in; null for Bearer. */
  device: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    judge: JudgeIdentity | null;
    /** A judge credential was presented but names no active link (Bearer) or bound device (cookie). */
    judgeRefusal: 'LINK_INVALID' | 'JUDGE_SIGNED_OUT' | null;
  }
  interface FastifyInstance {
    requireJudge: (req: FastifyRequest) => Promise<void>;
    /** Opens a private link on this device (binding it on first use) and sets the judge cookie. */
    openJudgeLink(req: FastifyRequest, reply: FastifyReply, token: string): JudgeIdentity;
    /** Signs this device out: its binding is freed and the cookie cleared. */
    closeJudgeLink(req: FastifyRequest, reply: FastifyReply): void;
  }
}

export interface JudgeAuthOptions {
  /** The private links, as the judging module keeps them. */
  links: (app: FastifyInstance) => JudgeLinkStore;
}

const identity = (j: JudgeLink, device: string | null): JudgeIdentity => ({
  id: j.id,
  key: j.key,
  name: j.name,
  title: j.title,
  contestId: j.contestId,
  contestSlug: j.contestSlug,
  device,
});

export default fp<JudgeAuthOptions>(
  async (app, opts) => {
    const links = opts.links(app);
    app.decorateRequest('judge', null);
    app.decorateRequest('judgeRefusal', null);

    const setCookie = (reply: FastifyReply, req: FastifyRequest, secret: string) =>
      reply.setCookie(JUDGE_COOKIE, secret, { ...sessionCookieOptions(req), maxAge: COOKIE_MAX_AGE_S });

    app.addHook('onRequest', async (req, reply) => {
      const header = req.headers.authorization;
      if (typeof header === 'string' && header.startsWith('Bearer ')) {
        const judge = links.byToken(header.slice(7).trim());
        if (judge) req.judge = identity(judge, null);
        else req.judgeRefusal = 'LINK_INVALID';
        return;
      }
      const secret = req.cookies[JUDGE_COOKIE];
      if (!secret) return;
      const hash = deviceHash(secret);
      const judge = links.byDevice(hash);
      if (!judge) {
        req.judgeRefusal = 'JUDGE_SIGNED_OUT';
        return;
      }
      req.judge = identity(judge, hash);
      const now = app.clock.now();
      if (!judge.linkSeenAt || now - Date.parse(judge.linkSeenAt) >= LINK_SEEN_EVERY_MS) {
        links.touch(judge.id, hash, new Date(now).toISOString());
        // A tablet in use keeps its cookie past the week (not on a WebSocket upgrade: no headers go back).
        if (req.headers.upgrade === undefined) setCookie(reply, req, secret);
      }
    });

    app.decorate('requireJudge', async (req: FastifyRequest) => {
      if (!req.judge) throw new AppError(req.judgeRefusal ?? 'UNAUTHENTICATED');
    });

    app.decorate('openJudgeLink', (req: FastifyRequest, reply: FastifyReply, token: string) => {
      const judge = links.byToken(token);
      if (!judge) throw new AppError('LINK_INVALID');
      const held = req.cookies[JUDGE_COOKIE];
      const heldHash = held ? deviceHash(held) : null;
      let secret: string;
      if (judge.linkDeviceHash !== null) {
        // Bound: only the device that holds it opens it again (a reload, the link tapped twice).
        if (!held || heldHash !== judge.linkDeviceHash) throw new AppError('LINK_IN_USE');
        secret = held;
        links.touch(judge.id, judge.linkDeviceHash, app.clock.iso());
      } else {
        secret = randomToken(32);
        if (!links.bind(judge.id, deviceHash(secret), app.clock.iso())) throw new AppError('LINK_IN_USE');
        // The device leaves the link it held before (another judge's): that one is free again.
        if (heldHash && req.judge?.device === heldHash && req.judge.id !== judge.id) links.unbind(req.judge.id, heldHash);
        req.log.info({ slug: judge.contestSlug, judge: judge.key }, 'judge link bound to a device');
      }
      setCookie(reply, req, secret);
      return identity(judge, deviceHash(secret));
    });

    app.decorate('closeJudgeLink', (req: FastifyRequest, reply: FastifyReply) => {
      const judge = req.judge;
      if (judge?.device) {
        links.unbind(judge.id, judge.device);
        req.log.info({ slug: judge.contestSlug, judge: judge.key }, 'judge signed out: link free');
      }
      reply.clearCookie(JUDGE_COOKIE, sessionCookieOptions(req));
    });
  },
  { name: 'judge-auth', dependencies: ['db', 'clock', '@fastify/cookie'] },
);
