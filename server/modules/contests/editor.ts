/**
 * Editing a contest in place from a whole package (the console's contest editor). Rows are
 * matched by key, so private links, registrations, attachments and question pictures survive.
 * Before the first mark anything may change. After it, what affects scores (scoring.md: rounds,
 * weights, criteria, questions' answers and points, prizes, conflicts, the policy, who competes)
 * changes only with a reason, which is logged; and nothing that marks were given against may be
 * taken away or made invalid (a removed round, criterion, question, team or judge, a smaller
 * max, a step that old marks are not multiples of).
 */
import { and, count, eq, notInArray } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import { toHundredths, type ContestPackage } from '../../contract/package.js';
import { canonicalJson } from '../../lib/canonical.js';
import { AppError } from '../../lib/errors.js';
import { randomToken } from '../../lib/password.js';
import { appendEvent } from '../audit/log.js';
import {
  contestColumns,
  contestHasMarks,
  criterionColumns,
  questionColumns,
  roundColumns,
  packageRevision,
  readPackage,
  teamColumns,
  teamHasRecords,
} from './repository.js';
import { write } from '../../../db/client.js';

/** The parts of a package that the scores depend on. */
export function scoringView(p: ContestPackage) {
  return {
    aggregation: p.aggregation,
    tiebreak: p.tiebreak,
    rounds: p.rounds.map((r) => ({
      key: r.key,
      kind: r.kind,
      weight: r.weight,
      ...(r.kind === 'rubric' ? { criteria: r.criteria.map((c) => ({ key: c.key, max: c.max, step: c.step })) } : {}),
      ...(r.kind === 'quiz' ? { questions: r.questions.map((q) => ({ key: q.key, answer: q.answer, points: q.points })) } : {}),
      ...(r.kind === 'direct' ? { max: r.max, step: r.step } : {}),
    })),
    prizes: p.prizes.map((x) => ({
      key: x.key,
      kind: x.kind,
      count: x.count,
      ...(x.kind === 'round_best' ? { round: x.round } : {}),
    })),
    teams: p.teams.map((tm) => ({ key: tm.key, status: tm.status ?? 'active' })).sort((a, b) => (a.key < b.key ? -1 : 1)),
    judges: p.judges.map((j) => ({ key: j.key, conflicts: [...j.conflicts].sort() })).sort((a, b) => (a.key < b.key ? -1 : 1)),
  };
}

/** Changes that would orphan or invalidate marks already given: refused once marks exist. */
function checkKeepsMarks(before: ContestPackage, after: ContestPackage) {
  const refuse = (path: string) => {
    throw new AppError('CHANGE_NOT_ALLOWED', path);
  };
  const divides = (oldStep: number, newStep: number) => toHundredths(oldStep) % toHundredths(newStep) === 0;
  before.rounds.forEach((old) => {
    const i = after.rounds.findIndex((r) => r.key === old.key);
    const now = after.rounds[i];
    if (!now) return refuse('rounds');
    if (now.kind !== old.kind) return refuse(`rounds.${i}.kind`);
    if (old.kind === 'rubric' && now.kind === 'rubric') {
      // Sheets were filled against these criteria: the set stays (their order and titles may change).
      const keys = new Set(now.criteria.map((c) => c.key));
      if (old.criteria.length !== now.criteria.length || old.criteria.some((c) => !keys.has(c.key)))
        return refuse(`rounds.${i}.criteria`);
      now.criteria.forEach((c, ci) => {
        const o = old.criteria.find((x) => x.key === c.key)!;
        if (c.max < o.max) refuse(`rounds.${i}.criteria.${ci}.max`);
        if (!divides(o.step, c.step)) refuse(`rounds.${i}.criteria.${ci}.step`);
      });
    }
    if (old.kind === 'quiz' && now.kind === 'quiz') {
      old.questions.forEach((q) => {
        if (!now.questions.some((x) => x.key === q.key)) refuse(`rounds.${i}.questions`);
      });
    }
    if (old.kind === 'direct' && now.kind === 'direct') {
      if (now.max < old.max) refuse(`rounds.${i}.max`);
      if (!divides(old.step, now.step)) refuse(`rounds.${i}.step`);
    }
  });
  for (const [list, path] of [
    [before.teams, 'teams'],
    [before.judges, 'judges'],
    [before.prizes, 'prizes'],
  ] as const) {
    const keys = new Set((after[path] as readonly { key: string }[]).map((x) => x.key));
    if (list.some((x) => !keys.has(x.key))) refuse(path);
  }
}

/** Records that pin a team or a prize whatever the marks: they must stay valid. */
function checkKeepsRecords(tx: Db, contestId: number, pkg: ContestPackage) {
  const teams = new Map(
    tx
      .select({ id: t.teams.id, key: t.teams.key })
      .from(t.teams)
      .where(eq(t.teams.contestId, contestId))
      .all()
      .map((r) => [r.key, r.id]),
  );
  pkg.teams.forEach((team, i) => {
    const id = teams.get(team.key);
    if (id !== undefined && (team.status === 'pending' || team.status === 'rejected') && teamHasRecords(tx, id))
      throw new AppError('TEAM_HAS_RECORDS', `teams.${i}.status`);
  });
  const awards = new Map(
    tx
      .select({ key: t.prizes.key, n: count(t.specialAwards.id) })
      .from(t.prizes)
      .innerJoin(t.specialAwards, eq(t.specialAwards.prizeId, t.prizes.id))
      .where(eq(t.prizes.contestId, contestId))
      .groupBy(t.prizes.key)
      .all()
      .map((r) => [r.key, r.n]),
  );
  pkg.prizes.forEach((p, i) => {
    const given = awards.get(p.key) ?? 0;
    if (given > 0 && p.kind !== 'special') throw new AppError('CHANGE_NOT_ALLOWED', `prizes.${i}.kind`);
    if (given > p.count) throw new AppError('CHANGE_NOT_ALLOWED', `prizes.${i}.count`);
  });
}

export function updateContest(
  db: Db,
  slug: string,
  pkg: ContestPackage,
  reason: string | null,
  actor: string,
  revision: string | undefined,
  now: string,
) {
  if (pkg.slug !== slug) throw new AppError('SLUG_MISMATCH', 'slug');
  return write(db, (tx) => {
    const found = readPackage(tx, slug);
    if (!found) throw new AppError('CONTEST_NOT_FOUND');
    const { id: contestId, createdAt: _created, ...before } = found;
    // Saved over a version the editor did not see (a registration, a draw, another editor): refuse.
    if (revision !== undefined && revision !== packageRevision(before)) throw new AppError('CONTEST_CHANGED', 'revision');
    checkKeepsRecords(tx, contestId, pkg);
    const scoringBefore = canonicalJson(scoringView(before));
    const scoringAfter = canonicalJson(scoringView(pkg));
    const scoringChanged = scoringBefore !== scoringAfter;
    const marked = contestHasMarks(tx, contestId);
    if (marked && scoringChanged) {
      checkKeepsMarks(before, pkg);
      if (!reason) throw new AppError('CHANGE_NEEDS_REASON', 'reason');
    }

    tx.update(t.contests).set(contestColumns(pkg)).where(eq(t.contests.id, contestId)).run();

    const roundIds = syncRounds(tx, contestId, pkg);
    syncPrizes(tx, contestId, pkg, roundIds);
    const teamIds = syncTeams(tx, contestId, pkg);
    syncJudges(tx, contestId, pkg, teamIds);

    if (scoringChanged)
      appendEvent(
        tx,
        {
          contestId,
          actor,
          kind: 'contest_edit',
          subject: { contest: slug },
          before: JSON.parse(scoringBefore),
          after: JSON.parse(scoringAfter),
          reason,
        },
        now,
      );
    const { id: _id, createdAt, ...saved } = readPackage(tx, slug)!;
    return { package: saved, hasMarks: marked, createdAt, revision: packageRevision(saved) };
  });
}

/** The keys to keep, never empty (NOT IN () is not valid SQL). */
function keepOnly(keep: string[]) {
  return keep.length ? keep : ['\u0000'];
}

function syncRounds(tx: Db, contestId: number, pkg: ContestPackage): Map<string, number> {
  const existing = new Map(
    tx
      .select()
      .from(t.rounds)
      .where(eq(t.rounds.contestId, contestId))
      .all()
      .map((r) => [r.key, r]),
  );
  tx.delete(t.rounds)
    .where(and(eq(t.rounds.contestId, contestId), notInArray(t.rounds.key, keepOnly(pkg.rounds.map((r) => r.key)))))
    .run();
  const ids = new Map<string, number>();
  pkg.rounds.forEach((round, position) => {
    const values = roundColumns(round, position);
    const old = existing.get(round.key);
    const id = old
      ? (tx.update(t.rounds).set(values).where(eq(t.rounds.id, old.id)).run(), old.id)
      : tx
          .insert(t.rounds)
          .values({ contestId, key: round.key, ...values })
          .returning({ id: t.rounds.id })
          .get().id;
    ids.set(round.key, id);

    const criteria = round.kind === 'rubric' ? round.criteria : [];
    tx.delete(t.criteria)
      .where(and(eq(t.criteria.roundId, id), notInArray(t.criteria.key, keepOnly(criteria.map((c) => c.key)))))
      .run();
    criteria.forEach((c, i) => {
      const v = criterionColumns(c, i);
      tx.insert(t.criteria)
        .values({ roundId: id, key: c.key, ...v })
        .onConflictDoUpdate({ target: [t.criteria.roundId, t.criteria.key], set: v })
        .run();
    });

    const questions = round.kind === 'quiz' ? round.questions : [];
    tx.delete(t.questions)
      .where(and(eq(t.questions.roundId, id), notInArray(t.questions.key, keepOnly(questions.map((q) => q.key)))))
      .run();
    questions.forEach((q, i) => {
      const v = questionColumns(q, i);
      tx.insert(t.questions)
        .values({ roundId: id, key: q.key, ...v })
        .onConflictDoUpdate({ target: [t.questions.roundId, t.questions.key], set: v })
        .run();
    });
  });
  return ids;
}

function syncPrizes(tx: Db, contestId: number, pkg: ContestPackage, roundIds: Map<string, number>) {
  tx.delete(t.prizes)
    .where(and(eq(t.prizes.contestId, contestId), notInArray(t.prizes.key, keepOnly(pkg.prizes.map((p) => p.key)))))
    .run();
  pkg.prizes.forEach((p, position) => {
    const v = {
      position,
      title: p.title,
      kind: p.kind,
      count: p.count,
      roundId: p.kind === 'round_best' ? (roundIds.get(p.round) ?? null) : null,
    };
    tx.insert(t.prizes)
      .values({ contestId, key: p.key, ...v })
      .onConflictDoUpdate({ target: [t.prizes.contestId, t.prizes.key], set: v })
      .run();
  });
}

function syncTeams(tx: Db, contestId: number, pkg: ContestPackage): Map<string, number> {
  tx.delete(t.teams)
    .where(and(eq(t.teams.contestId, contestId), notInArray(t.teams.key, keepOnly(pkg.teams.map((tm) => tm.key)))))
    .run();
  const ids = new Map<string, number>();
  pkg.teams.forEach((team, position) => {
    const v = { position, ...teamColumns(team) };
    const id = tx
      .insert(t.teams)
      .values({ contestId, key: team.key, token: randomToken(), ...v })
      .onConflictDoUpdate({ target: [t.teams.contestId, t.teams.key], set: v })
      .returning({ id: t.teams.id })
      .get().id;
    ids.set(team.key, id);
    tx.delete(t.members).where(eq(t.members.teamId, id)).run();
    if (team.members.length)
      tx.insert(t.members)
        .values(team.members.map((m, i) => ({ teamId: id, position: i, name: m.name, role: m.role ?? null })))
        .run();
  });
  return ids;
}

function syncJudges(tx: Db, contestId: number, pkg: ContestPackage, teamIds: Map<string, number>) {
  tx.delete(t.judges)
    .where(and(eq(t.judges.contestId, contestId), notInArray(t.judges.key, keepOnly(pkg.judges.map((j) => j.key)))))
    .run();
  const judgeIds: number[] = [];
  pkg.judges.forEach((judge, position) => {
    const v = { position, name: judge.name, title: judge.title ?? null, unit: judge.unit ?? null };
    const id = tx
      .insert(t.judges)
      .values({ contestId, key: judge.key, token: randomToken(), ...v })
      .onConflictDoUpdate({ target: [t.judges.contestId, t.judges.key], set: v })
      .returning({ id: t.judges.id })
      .get().id;
    judgeIds.push(id);
    tx.delete(t.conflicts).where(eq(t.conflicts.judgeId, id)).run();
    const rows = judge.conflicts.flatMap((key, i) => {
      const teamId = teamIds.get(key);
      return teamId === undefined ? [] : [{ judgeId: id, teamId, position: i }];
    });
    if (rows.length) tx.insert(t.conflicts).values(rows).onConflictDoNothing().run();
  });
  return judgeIds;
}
