/** What every session cookie shares (the organizer's session, a judge's tablet, a team's device). */
import type { FastifyRequest } from 'fastify';

/** The whole site, never readable by scripts, sent on top-level navigation, Secure behind HTTPS. */
export const sessionCookieOptions = (req: FastifyRequest) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: req.protocol === 'https',
});
