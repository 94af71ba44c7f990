/**
 * Security headers on every answer (helmet), with a CSP that allows the web app's own inline
 * scripts. The middleware is built once: @fastify/helmet built a new helmet, and parsed the whole
 * CSP again, for every request (3 % of a sheet PUT's CPU under 20 judges saving at once).
 */
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { inlineScriptHashes } from './web.js';

export const securityHeaders = (webRoot: string | null): HelmetOptions => ({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      // A function, so the hashes follow a rebuild of the web app while the server runs.
      scriptSrc: ["'self'", () => inlineScriptHashes(webRoot).join(' ') || "'self'"],
      // Svelte transitions write inline styles.
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'self'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      // The venue LAN is plain http: do not push browsers to https that is not there.
      upgradeInsecureRequests: null,
    },
  },
  strictTransportSecurity: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
});

export default fp<{ webRoot: string | null }>(
  async (app, opts) => {
    const headers = helmet(securityHeaders(opts.webRoot));
    app.addHook('onRequest', (request, reply, done) =>
      headers(request.raw, reply.raw, (error) => done(error as Error | undefined)),
    );
  },
  { name: 'hoithi-security-headers' },
);
