/** The judge-auth plugin's view of the private links (server/lib/judge-links.ts), on the database. */
import type { DbLike as Db } from '../../../db/client.js';
import type { JudgeLinkStore } from '../../lib/judge-links.js';
import * as repo from './repository.js';

export const judgeLinkStore = (db: Db): JudgeLinkStore => ({
  byToken: (token) => repo.judgeByToken(db, token),
  byDevice: (hash) => repo.judgeByDevice(db, hash),
  bind: (judgeId, hash, now) => repo.bindLink(db, judgeId, hash, now),
  touch: (judgeId, hash, now) => repo.touchLink(db, judgeId, hash, now),
  unbind: (judgeId, hash) => repo.unbindLink(db, judgeId, hash),
});
