/**
 * The primary keeps the public reads an edge answers (server/lib/public-reads.ts) current: a
 * contest's scoreboard, stage and public facts, each as this app answers an anonymous GET, and the
 * body of each certificate its final prizes give (server/modules/public-reads/source.ts computes
 * them as the routes do, without a request). Registered only with HOITHI_REDIS_URL.
 *
 * A contest's reads are taken again, at most once per REFRESH_MS, whenever they may have changed:
 * an accepted write to the contest, a change of its public live view (which also follows what
 * changes with time alone, a quiz question running out), and the close of its registration.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { PublicReads, ReadsPublisher } from '../lib/public-reads.js';
import { changesPublicView } from '../lib/write-scope.js';

const REFRESH_MS = 100;
/** The longest a timer may wait (setTimeout's limit); a later deadline is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const CONTEST_WRITE = /^\/api\/contests\/([a-z0-9-]{3,64})(?:\/|$)/;

export interface PublicReadsOptions {
  publisher: (app: FastifyInstance) => ReadsPublisher;
  /** A contest's reads now, or null when it is gone (server/modules/public-reads/source.ts). */
  reads: (app: FastifyInstance) => (slug: string) => PublicReads | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    publicReads: {
      /** Something a contest's public reads show may have changed: take them again soon. */
      touch(slug: string): void;
      /** Takes a contest's reads now (null: it is gone); the plugin's own refresh goes through here. */
      take(slug: string): PublicReads | null;
    };
  }
}

export default fp<PublicReadsOptions>(
  async (app, opts) => {
    const publisher = opts.publisher(app);
    const reads = opts.reads(app);
    const pending = new Map<string, NodeJS.Timeout>();
    const last = new Map<string, number>();
    const deadlines = new Map<string, NodeJS.Timeout>();
    const early = new Set<string>();
    /** Contests whose reads are being taken, and those touched meanwhile (taken again after). */
    const running = new Set<string>();
    const again = new Set<string>();
    let ready = false;
    let closed = false;

    /** Registration closes without any write: take the public facts again then. */
    function watchDeadline(slug: string, publicBody: string): void {
      clearTimeout(deadlines.get(slug));
      deadlines.delete(slug);
      const deadline = (JSON.parse(publicBody) as { registration?: { deadline?: string | null } }).registration?.deadline;
      const at = deadline ? Date.parse(deadline) : NaN;
      if (!(at > app.clock.now())) return;
      const timer = setTimeout(() => touch(slug), Math.min(at - app.clock.now() + 20, MAX_TIMER_MS));
      timer.unref();
      deadlines.set(slug, timer);
    }

    async function refresh(slug: string): Promise<void> {
      try {
        const taken = app.publicReads.take(slug);
        if (closed) return;
        if (taken) {
          publisher.put(slug, taken);
          watchDeadline(slug, taken.bodies.public);
        } else {
          clearTimeout(deadlines.get(slug));
          deadlines.delete(slug);
          publisher.gone(slug);
        }
      } catch (err) {
        if (!closed) app.log.error({ err, slug }, 'public reads failed');
      }
    }

    function touch(slug: string): void {
      if (closed || pending.has(slug)) return;
      if (running.has(slug)) {
        again.add(slug);
        return;
      }
      if (!ready) {
        early.add(slug);
        return;
      }
      // As the live hub: at once after a quiet spell, then at most once per REFRESH_MS.
      const since = Date.now() - (last.get(slug) ?? 0);
      pending.set(
        slug,
        setTimeout(
          () => {
            pending.delete(slug);
            running.add(slug);
            last.set(slug, Date.now());
            void refresh(slug).finally(() => {
              running.delete(slug);
              if (again.delete(slug)) touch(slug);
            });
          },
          Math.max(0, REFRESH_MS - since),
        ),
      );
    }

    app.decorate('publicReads', { touch, take: reads });
    app.addHook('onReady', async () => {
      ready = true;
      for (const slug of early) touch(slug);
      early.clear();
    });
    // Every accepted write to a contest may change its public facts (the live view catches the
    // rest), unless its route says it cannot change what the public sees (a judge's sheet).
    app.addHook('onResponse', async (req, reply) => {
      if (req.method === 'GET' || req.method === 'HEAD' || reply.statusCode >= 400 || !changesPublicView(req)) return;
      const m = CONTEST_WRITE.exec(req.url);
      // A turn later, so that the live hub's flush of the same write (its timer set by the live
      // plugin's own onResponse, after this one) goes first: the reads take tens of ms of
      // in-process GETs, and the audience's update must not wait for them.
      if (m?.[1]) setImmediate(touch, m[1]);
    });
    app.addHook('onClose', async () => {
      closed = true;
      for (const t of [...pending.values(), ...deadlines.values()]) clearTimeout(t);
      await publisher.close();
    });
  },
  { name: 'public-reads', dependencies: ['clock'] },
);
