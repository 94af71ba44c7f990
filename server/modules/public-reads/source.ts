/**
 * A contest's public reads as the primary keeps them for edges (server/plugins/public-reads.ts):
 * each the body its route answers an anonymous GET, computed by the function the route's handler
 * calls and serialized by the route's 200 schema, as Fastify serializes it (nothing of ours
 * changes a body on send) — without the cost of a request through the app. tests/api/public-reads-source.test.ts
 * checks them against the routes' answers.
 */
import type { FastifyInstance } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { publicContestSchema } from '../../contract/api.js';
import { stageSchema } from '../../contract/judging.js';
import { certificateSchema, scoreboardSchema } from '../../contract/results.js';
import { AppError } from '../../lib/errors.js';
import { CONTEST_READS, type ContestRead, type PublicReads } from '../../lib/public-reads.js';
import { publicContest } from '../contests/service.js';
import { contestCertificates } from '../results/awards.js';
import { boardNow } from '../results/board.js';
import { stageOf } from '../stage/service.js';

const body = (schema: Parameters<typeof serializerCompiler>[0]['schema'], url: string) =>
  serializerCompiler({ schema, method: 'GET', url });

/** Each read's 200 body, as its route (the URL of CONTEST_READS) answers an anonymous caller. */
const READS: Record<
  ContestRead,
  { serialize: (value: unknown) => string; value: (app: FastifyInstance, slug: string, publicUrl: string | null) => unknown }
> = {
  scoreboard: {
    serialize: body(scoreboardSchema, '/api/contests/:slug/scoreboard'),
    value: (app, slug) => boardNow(app.db, slug, 'public', app.clock.now()),
  },
  stage: {
    serialize: body(stageSchema, '/api/contests/:slug/stage'),
    value: (app, slug) => stageOf(app.db, slug),
  },
  public: {
    serialize: body(publicContestSchema, '/api/contests/:slug/public'),
    value: (app, slug, publicUrl) => publicContest(app.db, slug, publicUrl, app.clock.now()),
  },
};

const certificateBody = body(certificateSchema, '/api/certificates/:serial');

/**
 * A contest's reads now, or null when it is gone (its routes answer 404). `publicUrl` is the one
 * the app was built with (its public facts name it).
 */
export function publicReadsOf(app: FastifyInstance, publicUrl: string | null) {
  return (slug: string): PublicReads | null => {
    const bodies = {} as Record<ContestRead, string>;
    try {
      for (const read of Object.keys(CONTEST_READS) as ContestRead[])
        bodies[read] = READS[read].serialize(READS[read].value(app, slug, publicUrl));
    } catch (err) {
      if (err instanceof AppError && err.statusCode === 404) return null;
      throw err;
    }
    const certificates = contestCertificates(app.db, slug, app.clock.iso());
    return { bodies, certificates: Object.fromEntries(certificates.map((c) => [c.serial, certificateBody(c)])) };
  };
}
