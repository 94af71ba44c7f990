/**
 * The primary's side of votes cast on edges (issue #14, item 4), with HOITHI_REDIS_URL: the votes
 * an edge appended are stored here by the same rules as a vote cast here (service.ts), in batches,
 * each once; the screens then follow as after any vote. Every accepted write to a contest may
 * change what an edge checks a vote with (the window, ticket mode, the teams), so its rules are
 * published again after it.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { VoteInbox, VoteStore } from '../../lib/vote-relay.js';
import { changesPublicView } from '../../lib/write-scope.js';
import { contestSlugs } from '../shared/lookups.js';
import { edgeVoteRules, storeRelayedVotes } from './service.js';

export interface VoteRelayOptions {
  /** The Redis side (server/lib/redis/votes.ts), given the store it feeds. */
  inbox: (store: VoteStore, app: FastifyInstance) => VoteInbox;
}

const CONTEST = /^\/api\/contests\/([a-z0-9-]{3,64})(?:[/?]|$)/;

export default fp<VoteRelayOptions>(
  async (app, opts) => {
    const store: VoteStore = {
      async store(votes) {
        const { changed, refused } = await storeRelayedVotes(app.db, votes);
        for (const slug of changed) app.live.notify(slug);
        if (refused.length)
          app.log.info(
            { refused: refused.length },
            'votes from edges refused (voting closed, or a team or ticket no longer valid)',
          );
        return { refused };
      },
      rules: (slug) => edgeVoteRules(app.db, slug),
      slugs: () => contestSlugs(app.db),
    };
    const inbox = opts.inbox(store, app);
    app.addHook('onResponse', async (req, reply) => {
      // A write that cannot change what the public sees (a judge's sheet) changes no vote rule either.
      if (req.method === 'GET' || req.method === 'HEAD' || reply.statusCode >= 400 || !changesPublicView(req)) return;
      // A write elsewhere (an import, a restore) may add or remove contests: every one is published again.
      inbox.rulesChanged(CONTEST.exec(req.url)?.[1]);
    });
    app.addHook('onClose', async () => inbox.close());
  },
  { name: 'vote-relay', dependencies: ['live'] },
);
