/**
 * Refuses writes sent by another site (CSRF): a browser names the page's origin on every
 * non-GET request, and it must be this server's own. Programs that send no Origin (the CLI,
 * curl, a results portal) are judged by their credentials alone.
 */
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isForeignOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers['sec-fetch-site'] === 'cross-site';
  if (origin === 'null') return true;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

export default fp(
  async (app) => {
    app.addHook('onRequest', async (req) => {
      if (!SAFE.has(req.method) && isForeignOrigin(req)) throw new AppError('FOREIGN_ORIGIN');
    });
  },
  { name: 'origin-check' },
);
