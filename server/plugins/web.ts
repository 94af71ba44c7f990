/**
 * Serves the built SvelteKit app (web/build) from the same process and port as the API.
 * Unknown page paths get the app's shell (index.html) and are routed in the browser.
 */
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * sha256 sources of the inline scripts SvelteKit writes into the shell, for the CSP. Read again
 * whenever the shell changes on disk, so a rebuild while the server runs does not break pages; the
 * file is looked at no more than once a second, not at every request.
 */
export function inlineScriptHashes(webRoot: string | null, now = Date.now()): string[] {
  if (!webRoot) return [];
  const index = join(webRoot, 'index.html');
  const cached = hashCache.get(index);
  if (cached && now - cached.checkedAt < 1000) return cached.hashes;
  const mtime = existsSync(index) ? statSync(index).mtimeMs : null;
  if (cached && cached.mtime === mtime) {
    cached.checkedAt = now;
    return cached.hashes;
  }
  const hashes =
    mtime === null
      ? []
      : [...readFileSync(index, 'utf8').matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
          (m) =>
            `'sha256-${createHash('sha256')
              .update(m[1] ?? '')
              .digest('base64')}'`,
        );
  hashCache.set(index, { mtime, hashes, checkedAt: now });
  return hashes;
}
const hashCache = new Map<string, { mtime: number | null; hashes: string[]; checkedAt: number }>();

export default fp<{ webRoot: string }>(
  async (app, opts) => {
    await app.register(fastifyStatic, {
      root: opts.webRoot,
      wildcard: false,
      index: false,
      // The build writes .br and .gz beside each file (scripts/precompress.ts); the one the browser
      // accepts is sent, with Content-Encoding and Vary, and the file itself otherwise.
      preCompressed: true,
      // Cache-Control is ours alone: left on, `send` writes its own `public, max-age=0` over it.
      cacheControl: false,
      setHeaders(res, path) {
        // Hashed build assets never change; the shell must always be fetched anew.
        if (path.includes(`${join('_app', 'immutable')}`)) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
        else res.setHeader('cache-control', 'no-cache');
        res.setHeader('vary', 'accept-encoding');
      },
    });
    app.decorate('spaShell', (reply) =>
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html'),
    );
    app.get('/', { schema: { hide: true } }, (_req, reply) => app.spaShell!(reply));
  },
  { name: 'web', dependencies: ['errors'] },
);
