/**
 * Running the knowledge round. The server's clock is the only judge of time: an answer counts
 * only if the server accepts it before closesAt (no grace for late packets), and only the first
 * answer of a team to a question counts. Answers are sealed: no screen learns a choice or the
 * correct answer while the question is open.
 */
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import type { LiveQuestion } from '../../contract/quiz.js';
import { isCompeting, toHundredths, type ContestPackage } from '../../contract/package.js';
import { AppError } from '../../lib/errors.js';
import { appendEvent } from '../audit/log.js';
import * as quizRepo from './repository.js';
import { contestOr404, findContest, findTeam, roundOr404, teamOr404 } from '../shared/lookups.js';
import { write } from '../../../db/client.js';

type Question = typeof t.questions.$inferSelect;

function quizContext(tx: Db, slug: string, roundKey: string, questionKey?: string) {
  const contest = contestOr404(tx, slug);
  const round = roundOr404(tx, contest.id, roundKey);
  if (round.kind !== 'quiz') throw new AppError('NOT_A_QUIZ_ROUND', 'round');
  let question: Question | undefined;
  if (questionKey !== undefined) {
    question = tx
      .select()
      .from(t.questions)
      .where(and(eq(t.questions.roundId, round.id), eq(t.questions.key, questionKey)))
      .get();
    if (!question) throw new AppError('QUESTION_NOT_FOUND', 'question');
  }
  return { contest, round, question };
}

const stateOf = (tx: Db, questionId: number) => tx.select().from(t.quizState).where(eq(t.quizState.questionId, questionId)).get();

export function openQuestion(db: Db, slug: string, roundKey: string, questionKey: string, actor: string, now: number) {
  return write(db, (tx) => {
    const { contest, round, question } = quizContext(tx, slug, roundKey, questionKey);
    const q = question!;
    const existing = stateOf(tx, q.id);
    if (existing?.voidedAt) throw new AppError('QUESTION_VOIDED');
    if (existing?.closedAt) throw new AppError('QUESTION_CLOSED');
    if (existing) return existing;
    const at = new Date(now).toISOString();
    // One question at a time: opening one closes whatever else of the contest is open.
    const openIds = tx
      .select({ id: t.quizState.questionId })
      .from(t.quizState)
      .innerJoin(t.questions, eq(t.questions.id, t.quizState.questionId))
      .innerJoin(t.rounds, eq(t.rounds.id, t.questions.roundId))
      .where(and(eq(t.rounds.contestId, contest.id), isNull(t.quizState.closedAt)))
      .all()
      .map((r) => r.id);
    if (openIds.length) tx.update(t.quizState).set({ closedAt: at }).where(inArray(t.quizState.questionId, openIds)).run();
    const limit = q.timeLimitSec ?? round.timeLimitSec;
    const row = { questionId: q.id, openedAt: at, closesAt: limit ? new Date(now + limit * 1000).toISOString() : null };
    tx.insert(t.quizState).values(row).run();
    // The big screen shows the question as soon as it opens.
    tx.insert(t.stage)
      .values({ contestId: contest.id, updatedAt: at, scene: 'quiz', roundId: round.id })
      .onConflictDoUpdate({ target: t.stage.contestId, set: { updatedAt: at, scene: 'quiz', roundId: round.id } })
      .run();
    appendEvent(
      tx,
      { contestId: contest.id, actor, kind: 'quiz_open', subject: { round: round.key, question: q.key }, after: row },
      at,
    );
    return stateOf(tx, q.id)!;
  });
}

export function closeQuestion(db: Db, slug: string, roundKey: string, questionKey: string, actor: string, now: number) {
  return write(db, (tx) => {
    const { contest, round, question } = quizContext(tx, slug, roundKey, questionKey);
    const state = stateOf(tx, question!.id);
    if (!state) throw new AppError('QUESTION_NOT_OPEN');
    if (state.closedAt) return state;
    // Closing after the time ran out closes it at the end of its time: the record says so.
    const closesAt = state.closesAt ? Math.min(Date.parse(state.closesAt), now) : now;
    const closedAt = new Date(closesAt).toISOString();
    tx.update(t.quizState).set({ closedAt }).where(eq(t.quizState.questionId, question!.id)).run();
    appendEvent(
      tx,
      {
        contestId: contest.id,
        actor,
        kind: 'quiz_close',
        subject: { round: round.key, question: question!.key },
        after: { closedAt },
      },
      new Date(now).toISOString(),
    );
    return stateOf(tx, question!.id)!;
  });
}

export function voidQuestion(
  db: Db,
  slug: string,
  roundKey: string,
  questionKey: string,
  reason: string,
  actor: string,
  now: number,
) {
  return write(db, (tx) => {
    const { contest, round, question } = quizContext(tx, slug, roundKey, questionKey);
    const at = new Date(now).toISOString();
    const state = stateOf(tx, question!.id);
    if (state?.voidedAt) return state;
    if (state)
      tx.update(t.quizState)
        .set({ voidedAt: at, voidReason: reason, closedAt: state.closedAt ?? at })
        .where(eq(t.quizState.questionId, question!.id))
        .run();
    else
      tx.insert(t.quizState)
        .values({ questionId: question!.id, openedAt: at, closedAt: at, voidedAt: at, voidReason: reason })
        .run();
    appendEvent(
      tx,
      { contestId: contest.id, actor, kind: 'quiz_void', subject: { round: round.key, question: question!.key }, reason },
      at,
    );
    return stateOf(tx, question!.id)!;
  });
}

export function answerQuestion(
  db: Db,
  slug: string,
  roundKey: string,
  questionKey: string,
  teamKey: string,
  choice: number,
  enteredBy: string,
  now: number,
) {
  return write(db, (tx) => {
    const { contest, round, question } = quizContext(tx, slug, roundKey, questionKey);
    const q = question!;
    const team = teamOr404(tx, contest.id, teamKey);
    if (team.status !== 'active') throw new AppError('TEAM_WITHDRAWN', 'team');
    const state = stateOf(tx, q.id);
    if (state?.voidedAt) throw new AppError('QUESTION_VOIDED');
    const open = state && !state.closedAt && (!state.closesAt || now < Date.parse(state.closesAt));
    if (!open) throw new AppError('QUESTION_NOT_OPEN');
    if (choice >= q.choices.length) throw new AppError('VALIDATION', 'choice', { rule: 'CHOICE_OUT_OF_RANGE', choice });
    const answeredAt = new Date(now).toISOString();
    const inserted = tx
      .insert(t.quizAnswers)
      .values({ questionId: q.id, teamId: team.id, choice, answeredAt, enteredBy })
      .onConflictDoNothing()
      .run();
    if (inserted.changes === 0) throw new AppError('ALREADY_ANSWERED');
    appendEvent(
      tx,
      {
        contestId: contest.id,
        actor: enteredBy === 'team' ? `team:${team.key}` : enteredBy,
        kind: 'quiz_answer',
        subject: { round: round.key, question: q.key, team: team.key },
        after: { choice },
      },
      answeredAt,
    );
    return { question: q.key, team: team.key, choice, answeredAt };
  });
}

/**
 * Paper answers: the host enters, in one go, the answers of the teams without a device for one
 * question, under the same rule as one entered answer — only while the question is open (before
 * its time is up or the host closes it). All or none: a bad entry (unknown, repeated or withdrawn
 * team, no such choice) or a team that already answered with another choice records nothing and
 * names `answers.<i>.team` or `answers.<i>.choice`. An entry equal to the answer already recorded
 * is accepted unchanged, so a retried form is harmless.
 */
export function enterPaperAnswers(
  db: Db,
  slug: string,
  roundKey: string,
  questionKey: string,
  entries: readonly { team: string; choice: number }[],
  enteredBy: string,
  now: number,
) {
  return write(db, (tx) => {
    const { contest, round, question } = quizContext(tx, slug, roundKey, questionKey);
    const q = question!;
    const state = stateOf(tx, q.id);
    if (state?.voidedAt) throw new AppError('QUESTION_VOIDED');
    const open = state && !state.closedAt && (!state.closesAt || now < Date.parse(state.closesAt));
    if (!open) throw new AppError('QUESTION_NOT_OPEN');
    const seen = new Set<string>();
    const teams = entries.map((e, i) => {
      const path = `answers.${i}.team`;
      if (seen.has(e.team)) throw new AppError('VALIDATION', path, { rule: 'DUPLICATE_KEY', key: e.team });
      seen.add(e.team);
      const team = findTeam(tx, contest.id, e.team);
      if (!team || !isCompeting(team.status)) throw new AppError('VALIDATION', path, { rule: 'UNKNOWN_TEAM', key: e.team });
      if (team.status !== 'active') throw new AppError('TEAM_WITHDRAWN', path);
      if (e.choice >= q.choices.length)
        throw new AppError('VALIDATION', `answers.${i}.choice`, { rule: 'CHOICE_OUT_OF_RANGE', choice: e.choice });
      return team;
    });
    const existing = quizRepo.questionAnswers(tx, q.id);
    entries.forEach((e, i) => {
      const before = existing.get(teams[i]!.id);
      if (before && before.choice !== e.choice) throw new AppError('ALREADY_ANSWERED', `answers.${i}.team`);
    });
    const answeredAt = new Date(now).toISOString();
    const answers = entries.map((e, i) => {
      const team = teams[i]!;
      const before = existing.get(team.id);
      if (before) return { team: team.key, choice: before.choice, answeredAt: before.answeredAt, added: false };
      quizRepo.insertAnswer(tx, { questionId: q.id, teamId: team.id, choice: e.choice, answeredAt, enteredBy });
      appendEvent(
        tx,
        {
          contestId: contest.id,
          actor: enteredBy,
          kind: 'quiz_answer',
          subject: { round: round.key, question: q.key, team: team.key },
          after: { choice: e.choice },
        },
        answeredAt,
      );
      return { team: team.key, choice: e.choice, answeredAt, added: true };
    });
    return { question: q.key, answers };
  });
}

/** The question last opened in the contest, as every screen may see it now. */
export function currentQuestion(db: Db, contestId: number, now: number): LiveQuestion | null {
  const row = db
    .select({ q: t.questions, s: t.quizState, roundKey: t.rounds.key })
    .from(t.quizState)
    .innerJoin(t.questions, eq(t.questions.id, t.quizState.questionId))
    .innerJoin(t.rounds, eq(t.rounds.id, t.questions.roundId))
    .where(eq(t.rounds.contestId, contestId))
    .orderBy(asc(t.quizState.openedAt))
    .all()
    .at(-1);
  if (!row) return null;
  const { q, s } = row;
  const siblings = db
    .select({ id: t.questions.id })
    .from(t.questions)
    .where(eq(t.questions.roundId, q.roundId))
    .orderBy(asc(t.questions.position))
    .all();
  const answers = db.select({ choice: t.quizAnswers.choice }).from(t.quizAnswers).where(eq(t.quizAnswers.questionId, q.id)).all();
  // Past its time a question is closed for every purpose, even before the host presses Close.
  const closed = !!s.closedAt || (!!s.closesAt && now >= Date.parse(s.closesAt));
  return {
    round: row.roundKey,
    question: q.key,
    number: siblings.findIndex((x) => x.id === q.id) + 1,
    of: siblings.length,
    text: q.text,
    choices: q.choices,
    points: q.pointsHundredths / 100,
    hasImage: !!q.image,
    openedAt: s.openedAt,
    closesAt: s.closesAt,
    closedAt: s.closedAt ?? (closed ? s.closesAt : null),
    voided: !!s.voidedAt,
    voidReason: s.voidReason,
    answered: answers.length,
    answer: closed && !s.voidedAt ? q.answer : null,
    counts: closed ? q.choices.map((_, i) => answers.filter((a) => a.choice === i).length) : null,
  };
}

/** Teams that answered the current question (for the host, who enters answers for the others). */
export function answeredTeams(db: Db, questionId: number): string[] {
  return db
    .select({ key: t.teams.key })
    .from(t.quizAnswers)
    .innerJoin(t.teams, eq(t.teams.id, t.quizAnswers.teamId))
    .where(eq(t.quizAnswers.questionId, questionId))
    .all()
    .map((r) => r.key);
}

type BankQuestion = Extract<ContestPackage['rounds'][number], { kind: 'quiz' }>['questions'][number];

/**
 * Replaces a round's question bank (create, edit, reorder, remove), keeping every question that
 * has been on stage exactly as it was.
 */
export function replaceQuestionBank(db: Db, slug: string, roundKey: string, bank: BankQuestion[]) {
  return write(db, (tx) => {
    const { round } = quizContext(tx, slug, roundKey);
    const keys = new Set<string>();
    bank.forEach((q, i) => {
      if (keys.has(q.key)) throw new AppError('VALIDATION', `questions.${i}.key`, { rule: 'DUPLICATE_KEY', key: q.key });
      keys.add(q.key);
      if (q.answer >= q.choices.length)
        throw new AppError('VALIDATION', `questions.${i}.answer`, {
          rule: 'ANSWER_OUT_OF_RANGE',
          answer: q.answer,
          choices: q.choices.length,
        });
    });
    const current = tx.select().from(t.questions).where(eq(t.questions.roundId, round.id)).all();
    const used = new Set(
      tx
        .select({ id: t.quizState.questionId })
        .from(t.quizState)
        .where(
          inArray(
            t.quizState.questionId,
            current.map((q) => q.id),
          ),
        )
        .all()
        .map((r) => r.id),
    );
    const byKey = new Map(current.map((q) => [q.key, q]));
    for (const q of current) {
      if (!used.has(q.id)) continue;
      const next = bank.find((b) => b.key === q.key);
      const same =
        next &&
        next.text === q.text &&
        JSON.stringify(next.choices) === JSON.stringify(q.choices) &&
        next.answer === q.answer &&
        toHundredths(next.points) === q.pointsHundredths;
      if (!same)
        throw new AppError(
          'QUESTION_IN_USE',
          `questions.${Math.max(
            0,
            bank.findIndex((b) => b.key === q.key),
          )}`,
        );
    }
    for (const q of current) if (!keys.has(q.key)) tx.delete(t.questions).where(eq(t.questions.id, q.id)).run();
    bank.forEach((q, position) => {
      const values = {
        text: q.text,
        choices: q.choices,
        answer: q.answer,
        pointsHundredths: toHundredths(q.points),
        timeLimitSec: q.timeLimitSec ?? null,
        position: position + 1_000_000,
      };
      const existing = byKey.get(q.key);
      if (existing) tx.update(t.questions).set(values).where(eq(t.questions.id, existing.id)).run();
      else
        tx.insert(t.questions)
          .values({ ...values, roundId: round.id, key: q.key })
          .run();
    });
    // Positions were moved out of the way first so the new order never collides.
    bank.forEach((q, position) =>
      tx
        .update(t.questions)
        .set({ position })
        .where(and(eq(t.questions.roundId, round.id), eq(t.questions.key, q.key)))
        .run(),
    );
    return { count: bank.length };
  });
}

export function questionImage(db: Db, slug: string, roundKey: string, questionKey: string) {
  const { question } = quizContext(db, slug, roundKey, questionKey);
  const opened = !!db
    .select({ id: t.quizState.questionId })
    .from(t.quizState)
    .where(and(eq(t.quizState.questionId, question!.id), isNotNull(t.quizState.openedAt)))
    .get();
  return { question: question!, opened };
}

const IMAGE_TYPES: [string, (b: Buffer) => boolean][] = [
  ['image/png', (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', (b) => b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a'],
  ['image/webp', (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP'],
];

/** Stores a question's picture; the type is read from the file's first bytes, never from its name. */
export function storeQuestionImage(db: Db, questionId: number, image: Buffer): void {
  const type = IMAGE_TYPES.find(([, test]) => test(image))?.[0];
  if (!type) throw new AppError('UNSUPPORTED_FILE', 'file');
  write(db, (tx) => quizRepo.setQuestionImage(tx, questionId, image, type));
}

/** A signed-in team: itself, its contest and its own quiz answers. */
export function teamMe(db: Db, teamId: number, contestSlug: string) {
  const team = quizRepo.teamById(db, teamId)!;
  const contest = findContest(db, contestSlug)!;
  return {
    team: { key: team.key, name: team.name, unit: team.unit, status: team.status },
    contest: { slug: contest.slug, title: contest.title },
    answers: quizRepo.teamAnswers(db, teamId),
  };
}

export function findQuestionId(db: Db, contestId: number, roundKey: string, questionKey: string): number | undefined {
  return db
    .select({ id: t.questions.id })
    .from(t.questions)
    .innerJoin(t.rounds, eq(t.rounds.id, t.questions.roundId))
    .where(and(eq(t.rounds.contestId, contestId), eq(t.rounds.key, roundKey), eq(t.questions.key, questionKey)))
    .get()?.id;
}

/** Every question of a quiz round with its state, for the host's panel and the question bank. */
export function roundQuestionStates(db: Db, slug: string, roundKey: string, now: number) {
  const { round } = quizContext(db, slug, roundKey);
  const rows = db
    .select({ q: t.questions, s: t.quizState })
    .from(t.questions)
    .leftJoin(t.quizState, eq(t.quizState.questionId, t.questions.id))
    .where(eq(t.questions.roundId, round.id))
    .orderBy(asc(t.questions.position))
    .all();
  const answered = new Map<number, number>();
  for (const a of db.select({ questionId: t.quizAnswers.questionId }).from(t.quizAnswers).all())
    answered.set(a.questionId, (answered.get(a.questionId) ?? 0) + 1);
  return {
    round: round.key,
    questions: rows.map(({ q, s }) => {
      const closed = !!s?.closedAt || (!!s?.closesAt && now >= Date.parse(s.closesAt));
      const state = !s ? ('ready' as const) : s.voidedAt ? ('voided' as const) : closed ? ('closed' as const) : ('open' as const);
      return {
        key: q.key,
        state,
        openedAt: s?.openedAt ?? null,
        closesAt: s?.closesAt ?? null,
        closedAt: s?.closedAt ?? (closed ? (s?.closesAt ?? null) : null),
        voidReason: s?.voidReason ?? null,
        hasImage: !!q.imageType,
        answered: answered.get(q.id) ?? 0,
      };
    }),
  };
}
