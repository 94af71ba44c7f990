/** All SQL of contests: storing a package across the normalised tables and reading it back. */
import { and, asc, count, eq, inArray, notInArray, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { DbLike as Db } from '../../../db/client.js';
import { canonicalJson } from '../../lib/canonical.js';
import * as t from '../../../db/schema.js';
import {
  CONTEST_FORMAT,
  toHundredths,
  type ContestPackage,
  type QuizQuestion,
  type Round,
  type Team,
} from '../../contract/package.js';
import { prepared, write } from '../../../db/client.js';

export interface IssuedLinks {
  judges: { key: string; token: string }[];
  teams: { key: string; token: string }[];
}

const fromHundredths = (n: number) => n / 100;

/** Stores a validated package in one immediate transaction; tokens are the private links' secrets. */
/** A round's columns a package sets (all but its contest and key), on import and on an edit. */
export function roundColumns(round: ContestPackage['rounds'][number], position: number) {
  return {
    position,
    title: round.title,
    kind: round.kind,
    weightHundredths: toHundredths(round.weight),
    timeLimitSec: round.timeLimitSec ?? null,
    maxHundredths: round.kind === 'direct' ? toHundredths(round.max) : null,
    stepHundredths: round.kind === 'direct' ? toHundredths(round.step) : null,
  };
}

/** A criterion's columns a package sets (all but its round and key), on import and on an edit. */
export function criterionColumns(c: Extract<Round, { kind: 'rubric' }>['criteria'][number], position: number) {
  return {
    position,
    title: c.title,
    description: c.description ?? null,
    maxHundredths: toHundredths(c.max),
    stepHundredths: toHundredths(c.step),
  };
}

/** A quiz question's columns a package sets (all but its round and key), on import and on an edit. */
export function questionColumns(q: QuizQuestion, position: number) {
  return {
    position,
    text: q.text,
    choices: q.choices,
    answer: q.answer,
    pointsHundredths: toHundredths(q.points),
    timeLimitSec: q.timeLimitSec ?? null,
  };
}

/** The contest row's columns a package sets (all but the slug), on import and on an edit. */
export function contestColumns(pkg: ContestPackage) {
  return {
    title: pkg.title,
    organizer: pkg.organizer,
    date: pkg.date,
    venue: pkg.venue ?? null,
    chairName: pkg.chairName ?? null,
    secretaryName: pkg.secretaryName ?? null,
    locale: pkg.locale,
    description: pkg.description ?? null,
    aggregationMethod: pkg.aggregation.method,
    aggregationTrim: pkg.aggregation.trim,
    aggregationDecimals: pkg.aggregation.decimals,
    tiebreak: pkg.tiebreak,
    units: pkg.units,
    registrationDeadline: pkg.registration?.deadline ?? null,
  };
}

export function insertContest(db: Db, pkg: ContestPackage, newToken: () => string): IssuedLinks {
  return write(db, (tx) => {
    const contest = tx
      .insert(t.contests)
      .values({ slug: pkg.slug, ...contestColumns(pkg) })
      .returning({ id: t.contests.id })
      .get();
    const contestId = contest.id;

    const roundIds = new Map<string, number>();
    pkg.rounds.forEach((round, position) => {
      const row = tx
        .insert(t.rounds)
        .values({
          contestId,
          key: round.key,
          ...roundColumns(round, position),
        })
        .returning({ id: t.rounds.id })
        .get();
      roundIds.set(round.key, row.id);
      if (round.kind === 'rubric' && round.criteria.length > 0) {
        tx.insert(t.criteria)
          .values(round.criteria.map((c, i) => ({ roundId: row.id, key: c.key, ...criterionColumns(c, i) })))
          .run();
      }
      if (round.kind === 'quiz' && round.questions.length > 0) {
        tx.insert(t.questions)
          .values(round.questions.map((q, i) => ({ roundId: row.id, key: q.key, ...questionColumns(q, i) })))
          .run();
      }
    });

    pkg.prizes.forEach((p, position) => {
      tx.insert(t.prizes)
        .values({
          contestId,
          key: p.key,
          position,
          title: p.title,
          kind: p.kind,
          count: p.count,
          roundId: p.kind === 'round_best' ? (roundIds.get(p.round) ?? null) : null,
        })
        .run();
    });

    const links: IssuedLinks = { judges: [], teams: [] };
    const teamIds = new Map<string, number>();
    pkg.teams.forEach((team, position) => {
      const token = newToken();
      const row = tx
        .insert(t.teams)
        .values({ contestId, key: team.key, position, ...teamColumns(team), token })
        .returning({ id: t.teams.id })
        .get();
      teamIds.set(team.key, row.id);
      links.teams.push({ key: team.key, token });
      if (team.members.length > 0) {
        tx.insert(t.members)
          .values(team.members.map((m, i) => ({ teamId: row.id, position: i, name: m.name, role: m.role ?? null })))
          .run();
      }
    });

    pkg.judges.forEach((judge, position) => {
      const token = newToken();
      const row = tx
        .insert(t.judges)
        .values({
          contestId,
          key: judge.key,
          position,
          name: judge.name,
          title: judge.title ?? null,
          unit: judge.unit ?? null,
          token,
        })
        .returning({ id: t.judges.id })
        .get();
      links.judges.push({ key: judge.key, token });
      const conflictRows = judge.conflicts.flatMap((teamKey, i) => {
        const teamId = teamIds.get(teamKey);
        return teamId === undefined ? [] : [{ judgeId: row.id, teamId, position: i }];
      });
      if (conflictRows.length > 0) tx.insert(t.conflicts).values(conflictRows).onConflictDoNothing().run();
    });
    return links;
  });
}

/** The columns of a team row that the package describes (everything but key, place and token). */
export function teamColumns(team: Team) {
  return {
    name: team.name,
    unit: team.unit,
    ideaTitle: team.idea?.title ?? null,
    ideaSummary: team.idea?.summary ?? null,
    status: team.status ?? 'active',
    leaderName: team.leader?.name ?? null,
    leaderPhone: team.leader?.phone ?? null,
    leaderEmail: team.leader?.email ?? null,
    rejectReason: team.rejectReason ?? null,
  } satisfies Partial<typeof t.teams.$inferInsert>;
}

/** Optional fields come back only when set, so that export(import(p)) equals p. */
function opt<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

// ── reading a package back ────────────────────────────────────────────
// The public facts (GET /public) read it at every change the public may see: its queries are built
// once (prepared), each the query it was with the contest's id, or its rounds', teams' or judges'
// ids, taken by a subquery on that id instead of listed.

const $contest = sql.placeholder('contestId');
const packageContestQuery = prepared((db) =>
  db
    .select()
    .from(t.contests)
    .where(eq(t.contests.slug, sql.placeholder('slug')))
    .prepare(),
);
const packageRoundsQuery = prepared((db) =>
  db.select().from(t.rounds).where(eq(t.rounds.contestId, $contest)).orderBy(asc(t.rounds.position)).prepare(),
);
const contestRoundIds = (db: Db) => db.select({ id: t.rounds.id }).from(t.rounds).where(eq(t.rounds.contestId, $contest));
const packageCriteriaQuery = prepared((db) =>
  db
    .select()
    .from(t.criteria)
    .where(inArray(t.criteria.roundId, contestRoundIds(db)))
    .orderBy(asc(t.criteria.position))
    .prepare(),
);
const packageQuestionsQuery = prepared((db) =>
  db
    .select()
    .from(t.questions)
    .where(inArray(t.questions.roundId, contestRoundIds(db)))
    .orderBy(asc(t.questions.position))
    .prepare(),
);
const packagePrizesQuery = prepared((db) =>
  db.select().from(t.prizes).where(eq(t.prizes.contestId, $contest)).orderBy(asc(t.prizes.position)).prepare(),
);
const packageTeamsQuery = prepared((db) =>
  db.select().from(t.teams).where(eq(t.teams.contestId, $contest)).orderBy(asc(t.teams.position)).prepare(),
);
const packageMembersQuery = prepared((db) =>
  db
    .select()
    .from(t.members)
    .where(inArray(t.members.teamId, db.select({ id: t.teams.id }).from(t.teams).where(eq(t.teams.contestId, $contest))))
    .orderBy(asc(t.members.position))
    .prepare(),
);
const packageJudgesQuery = prepared((db) =>
  db.select().from(t.judges).where(eq(t.judges.contestId, $contest)).orderBy(asc(t.judges.position)).prepare(),
);
const packageConflictsQuery = prepared((db) =>
  db
    .select({ judgeId: t.conflicts.judgeId, teamKey: t.teams.key })
    .from(t.conflicts)
    .innerJoin(t.teams, eq(t.teams.id, t.conflicts.teamId))
    .where(inArray(t.conflicts.judgeId, db.select({ id: t.judges.id }).from(t.judges).where(eq(t.judges.contestId, $contest))))
    .orderBy(asc(t.conflicts.position))
    .prepare(),
);

export function readPackage(db: Db, slug: string): (ContestPackage & { createdAt: string; id: number }) | undefined {
  const c = packageContestQuery(db).get({ slug });
  if (!c) return undefined;
  const contestId = c.id;
  const roundRows = packageRoundsQuery(db).all({ contestId });
  const criterionRows = packageCriteriaQuery(db).all({ contestId });
  const questionRows = packageQuestionsQuery(db).all({ contestId });
  const roundKeyById = new Map(roundRows.map((r) => [r.id, r.key]));

  const rounds: Round[] = roundRows.map((r) => {
    const base = {
      key: r.key,
      title: r.title,
      weight: fromHundredths(r.weightHundredths),
      ...opt('timeLimitSec', r.timeLimitSec),
    };
    if (r.kind === 'rubric') {
      return {
        ...base,
        kind: 'rubric' as const,
        criteria: criterionRows
          .filter((c) => c.roundId === r.id)
          .map((c) => ({
            key: c.key,
            title: c.title,
            ...opt('description', c.description),
            max: fromHundredths(c.maxHundredths),
            step: fromHundredths(c.stepHundredths),
          })),
      };
    }
    if (r.kind === 'quiz') {
      return {
        ...base,
        kind: 'quiz' as const,
        questions: questionRows
          .filter((q) => q.roundId === r.id)
          .map((q) => ({
            key: q.key,
            text: q.text,
            choices: q.choices,
            answer: q.answer,
            points: fromHundredths(q.pointsHundredths),
            ...opt('timeLimitSec', q.timeLimitSec),
          })),
      };
    }
    return {
      ...base,
      kind: 'direct' as const,
      max: fromHundredths(r.maxHundredths ?? 0),
      step: fromHundredths(r.stepHundredths ?? 0),
    };
  });

  const prizeRows = packagePrizesQuery(db).all({ contestId });
  const teamRows = packageTeamsQuery(db).all({ contestId });
  const memberRows = packageMembersQuery(db).all({ contestId });
  const judgeRows = packageJudgesQuery(db).all({ contestId });
  const conflictRows = packageConflictsQuery(db).all({ contestId });

  return {
    id: c.id,
    createdAt: c.createdAt,
    format: CONTEST_FORMAT,
    slug: c.slug,
    title: c.title,
    organizer: c.organizer,
    date: c.date,
    ...opt('venue', c.venue),
    ...opt('chairName', c.chairName),
    ...opt('secretaryName', c.secretaryName),
    locale: c.locale,
    ...opt('description', c.description),
    aggregation: { method: c.aggregationMethod, trim: c.aggregationTrim, decimals: c.aggregationDecimals },
    tiebreak: c.tiebreak,
    rounds,
    prizes: prizeRows.map((p) => {
      const base = { key: p.key, title: p.title, count: p.count };
      if (p.kind === 'round_best')
        return { ...base, kind: 'round_best' as const, round: roundKeyById.get(p.roundId ?? -1) ?? '' };
      return { ...base, kind: p.kind };
    }),
    teams: teamRows.map((tm) => ({
      key: tm.key,
      name: tm.name,
      unit: tm.unit,
      members: memberRows.filter((m) => m.teamId === tm.id).map((m) => ({ name: m.name, ...opt('role', m.role) })),
      ...(tm.ideaTitle ? { idea: { title: tm.ideaTitle, ...opt('summary', tm.ideaSummary) } } : {}),
      ...(tm.status !== 'active' ? { status: tm.status } : {}),
      ...(tm.leaderName
        ? { leader: { name: tm.leaderName, ...opt('phone', tm.leaderPhone), ...opt('email', tm.leaderEmail) } }
        : {}),
      ...opt('rejectReason', tm.rejectReason),
    })),
    judges: judgeRows.map((j) => ({
      key: j.key,
      name: j.name,
      ...opt('title', j.title),
      ...opt('unit', j.unit),
      conflicts: conflictRows.filter((x) => x.judgeId === j.id).map((x) => x.teamKey),
    })),
    units: c.units,
    ...(c.registrationDeadline ? { registration: { deadline: c.registrationDeadline } } : {}),
  };
}

/**
 * Log entries that record setting up a contest rather than marking it: a contest whose log holds
 * only these has no marks yet (its scoring parts can still change freely), but it is still kept.
 * Opening and closing audience voting marks nothing: the votes themselves count.
 */
export const SETUP_EVENT_KINDS = [
  'voting_open',
  'voting_close',
  'voting_mode',
  'policy',
  'conflicts',
  'draw',
  'order',
  'contest_edit',
  'team_review',
  'team_edit',
  'teams_import',
  'link_release',
];

/** Anything scored, answered, voted or locked counts as a mark. */
export function contestHasMarks(db: Db, contestId: number): boolean {
  const setup = sql.join(
    SETUP_EVENT_KINDS.map((k) => sql`${k}`),
    sql`, `,
  );
  const row = db.get<{ n: number }>(sql`
    SELECT
      (SELECT count(*) FROM ${t.scoreEvents} WHERE contest_id = ${contestId} AND kind NOT IN (${setup})) +
      (SELECT count(*) FROM ${t.sheets} s JOIN ${t.rounds} r ON r.id = s.round_id WHERE r.contest_id = ${contestId}) +
      (SELECT count(*) FROM ${t.directScores} d JOIN ${t.rounds} r ON r.id = d.round_id WHERE r.contest_id = ${contestId}) +
      (SELECT count(*) FROM ${t.quizAnswers} a JOIN ${t.teams} tm ON tm.id = a.team_id WHERE tm.contest_id = ${contestId}) +
      (SELECT count(*) FROM ${t.votes} WHERE contest_id = ${contestId}) +
      (SELECT count(*) FROM ${t.specialAwards} a JOIN ${t.prizes} p ON p.id = a.prize_id WHERE p.contest_id = ${contestId}) AS n`);
  return (row?.n ?? 0) > 0;
}

export function listContests(db: Db) {
  const rows = db.select().from(t.contests).orderBy(asc(t.contests.date), asc(t.contests.id)).all();
  const counter = (table: typeof t.rounds | typeof t.judges) =>
    new Map(
      db
        .select({ contestId: table.contestId, n: count() })
        .from(table)
        .groupBy(table.contestId)
        .all()
        .map((r) => [r.contestId, r.n]),
    );
  const nRounds = counter(t.rounds);
  // Registrations waiting for review (or rejected) are not teams of the contest yet.
  const nTeams = new Map(
    db
      .select({ contestId: t.teams.contestId, n: count() })
      .from(t.teams)
      .where(notInArray(t.teams.status, ['pending', 'rejected']))
      .groupBy(t.teams.contestId)
      .all()
      .map((r) => [r.contestId, r.n]),
  );
  const nJudges = counter(t.judges);
  return rows.map((c) => ({
    slug: c.slug,
    title: c.title,
    organizer: c.organizer,
    date: c.date,
    venue: c.venue,
    rounds: nRounds.get(c.id) ?? 0,
    teams: nTeams.get(c.id) ?? 0,
    judges: nJudges.get(c.id) ?? 0,
    hasMarks: contestHasMarks(db, c.id),
    createdAt: c.createdAt,
  }));
}

/** Deletes a contest without marks, atomically: the check and the delete share one transaction. */
export function deleteContest(db: Db, slug: string): 'deleted' | 'not_found' | 'has_marks' {
  return write(db, (tx) => {
    const id = tx.select({ id: t.contests.id }).from(t.contests).where(eq(t.contests.slug, slug)).get()?.id;
    if (id === undefined) return 'not_found' as const;
    // A logged event cannot be deleted (the log is append-only), so any entry keeps the contest.
    const logged = tx.select({ n: count() }).from(t.scoreEvents).where(eq(t.scoreEvents.contestId, id)).get()?.n ?? 0;
    if (logged > 0 || contestHasMarks(tx, id)) return 'has_marks' as const;
    tx.delete(t.contests)
      .where(and(eq(t.contests.id, id)))
      .run();
    return 'deleted' as const;
  });
}

/** A short fingerprint of everything a package holds: an editor saving over a changed contest is told. */
export function packageRevision(pkg: ContestPackage): string {
  return createHash('sha256').update(canonicalJson(pkg)).digest('hex').slice(0, 16);
}

// Read with the package by the public facts at every change the public may see: built once.
const teamStatusesQuery = prepared((db) =>
  db.select({ key: t.teams.key, status: t.teams.status }).from(t.teams).where(eq(t.teams.contestId, $contest)).prepare(),
);

/** Each team's status by key. */
export function teamStatuses(db: Db, contestId: number) {
  return new Map(
    teamStatusesQuery(db)
      .all({ contestId })
      .map((r) => [r.key, r.status]),
  );
}

export function contestSettings(db: Db, slug: string) {
  return db.select({ showJudgeTotals: t.contests.showJudgeTotals }).from(t.contests).where(eq(t.contests.slug, slug)).get();
}

/** Sets the live room's settings; false when there is no such contest. */
export function setContestSettings(db: Db, slug: string, settings: { showJudgeTotals: boolean }): boolean {
  return (
    db.update(t.contests).set({ showJudgeTotals: settings.showJudgeTotals }).where(eq(t.contests.slug, slug)).run().changes > 0
  );
}

export function teamStatus(db: Db, contestId: number, key: string) {
  return db
    .select({ id: t.teams.id, status: t.teams.status })
    .from(t.teams)
    .where(and(eq(t.teams.contestId, contestId), eq(t.teams.key, key)))
    .get();
}

export function setTeamStatus(db: Db, teamId: number, status: 'withdrawn', updatedAt: string): void {
  db.update(t.teams).set({ status, updatedAt }).where(eq(t.teams.id, teamId)).run();
}

/** Anything of the contest that names the team: it must keep competing (or be withdrawn or disqualified). */
export function teamHasRecords(db: Db, teamId: number): boolean {
  const row = db.get<{ n: number }>(sql`
    SELECT (SELECT count(*) FROM ${t.sheets} WHERE team_id = ${teamId}) +
           (SELECT count(*) FROM ${t.directScores} WHERE team_id = ${teamId}) +
           (SELECT count(*) FROM ${t.quizAnswers} WHERE team_id = ${teamId}) +
           (SELECT count(*) FROM ${t.votes} WHERE team_id = ${teamId}) +
           (SELECT count(*) FROM ${t.specialAwards} WHERE team_id = ${teamId}) +
           (SELECT count(*) FROM ${t.locks} WHERE team_id = ${teamId}) +
           (SELECT count(*) FROM ${t.stage} WHERE team_id = ${teamId}) AS n`);
  return (row?.n ?? 0) > 0;
}
