/** SQL of quiz answers: those entered by the host for teams without a device (paper answers), a team's own, pictures. */
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

export function setQuestionImage(db: Db, questionId: number, image: Buffer, imageType: string): void {
  db.update(t.questions).set({ image, imageType }).where(eq(t.questions.id, questionId)).run();
}

export function teamById(db: Db, teamId: number) {
  return db.select().from(t.teams).where(eq(t.teams.id, teamId)).get();
}

/** A team's own quiz answers, with their round and question keys. */
export function teamAnswers(db: Db, teamId: number) {
  return db
    .select({
      round: t.rounds.key,
      question: t.questions.key,
      choice: t.quizAnswers.choice,
      answeredAt: t.quizAnswers.answeredAt,
    })
    .from(t.quizAnswers)
    .innerJoin(t.questions, eq(t.questions.id, t.quizAnswers.questionId))
    .innerJoin(t.rounds, eq(t.rounds.id, t.questions.roundId))
    .where(eq(t.quizAnswers.teamId, teamId))
    .all();
}
