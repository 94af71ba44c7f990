/**
 * The organizer's actions on a judge's private link (api.md "Judges"): reissue (a new secret),
 * revoke (no working link) and release (the same link, its tablet signed out so that it can be
 * opened on another one). All three sign out the device the link was bound to.
 */
import type { DbLike as Db } from '../../../db/client.js';
import { AppError } from '../../lib/errors.js';
import { randomToken } from '../../lib/password.js';
import { appendEvent } from '../audit/log.js';
import * as repo from './repository.js';
import { contestOr404, findJudge } from '../shared/lookups.js';
import { write } from '../../../db/client.js';

export type LinkAction = 'reissue' | 'revoke' | 'release';

export function changeLink(
  db: Db,
  slug: string,
  judgeKey: string,
  action: LinkAction,
  actor: string,
  reason: string | undefined,
  now: string,
) {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const judge = findJudge(tx, contest.id, judgeKey);
    if (!judge) throw new AppError('JUDGE_NOT_FOUND', 'judge');
    const unbound = { linkDeviceHash: null, linkBoundAt: null, linkSeenAt: null };
    if (action === 'release') {
      const released = repo.unbindLink(tx, judge.id);
      // Who could mark under a judge's name is part of the record: a release is logged, with its reason.
      if (released)
        appendEvent(
          tx,
          {
            contestId: contest.id,
            actor,
            kind: 'link_release',
            subject: { judge: judge.key },
            before: { boundAt: judge.linkBoundAt, seenAt: judge.linkSeenAt },
            after: null,
            reason: reason ?? null,
          },
          now,
        );
      return { contest, judge: { ...judge, ...unbound }, changed: released };
    }
    // Either way the old secret dies; a revoked link gets an unknown one until reissued.
    const token = randomToken();
    const linkRevokedAt = action === 'revoke' ? now : null;
    repo.setLinkToken(tx, judge.id, token, linkRevokedAt);
    return { contest, judge: { ...judge, ...unbound, token, linkRevokedAt }, changed: true };
  });
}
