/** SQL of direct rounds: one score per team, replaced on each entry. */
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';

export { findDirectScore } from '../results/repository.js';

export function upsertDirectScore(db: Db, row: typeof t.directScores.$inferInsert): void {
  db.insert(t.directScores)
    .values(row)
    .onConflictDoUpdate({ target: [t.directScores.roundId, t.directScores.teamId], set: row })
    .run();
}
