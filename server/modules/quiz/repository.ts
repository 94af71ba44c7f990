/** SQL of quiz answers entered by the host for teams without a device (paper answers). */
import { eq } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';

/** The answers recorded for a question, by team id. */
export function questionAnswers(db: Db, questionId: number): Map<number, { choice: number; answeredAt: string }> {
  const rows = db
    .select({ teamId: t.quizAnswers.teamId, choice: t.quizAnswers.choice, answeredAt: t.quizAnswers.answeredAt })
    .from(t.quizAnswers)
    .where(eq(t.quizAnswers.questionId, questionId))
    .all();
  return new Map(rows.map((r) => [r.teamId, { choice: r.choice, answeredAt: r.answeredAt }]));
}

export function insertAnswer(
  db: Db,
  row: { questionId: number; teamId: number; choice: number; answeredAt: string; enteredBy: string },
): void {
  db.insert(t.quizAnswers).values(row).run();
}
