import { write, type DbLike as Db } from '../../../db/client.js';
import type { ContestCreated } from '../../contract/api.js';
import { competing, isCompeting, toHundredths, type ContestPackage } from '../../contract/package.js';
import { AppError } from '../../lib/errors.js';
import { randomToken } from '../../lib/password.js';
import * as repo from './repository.js';
import { findContestId } from '../shared/lookups.js';

/** Private-link paths: the judge's tablet app and the team's own page. */
export const judgeLinkPath = (token: string) => `/j/${token}`;
export const teamLinkPath = (token: string) => `/t/${token}`;

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Imports a validated package; `baseUrl` is where tablets and phones reach this server. */
export function importContest(db: Db, pkg: ContestPackage, baseUrl: string): ContestCreated {
  if (findContestId(db, pkg.slug) !== undefined) throw new AppError('SLUG_TAKEN', 'slug');
  let links;
  try {
    links = repo.insertContest(db, pkg, () => randomToken());
  } catch (err) {
    // Two imports of one slug at once: the second loses the race at the unique index.
    if (isUniqueViolation(err) && findContestId(db, pkg.slug) !== undefined) throw new AppError('SLUG_TAKEN', 'slug');
    throw err;
  }
  const base = baseUrl.replace(/\/+$/, '');
  return {
    slug: pkg.slug,
    judges: links.judges.map((l) => ({ ...l, url: base + judgeLinkPath(l.token) })),
    teams: links.teams.map((l) => ({ ...l, url: base + teamLinkPath(l.token) })),
  };
}

/** Registration is open while a deadline is set and has not passed. */
export function registrationOpen(deadline: string | null, now: number): boolean {
  return deadline !== null && now < Date.parse(deadline);
}

function packageOr404(db: Db, slug: string) {
  const pkg = repo.readPackage(db, slug);
  if (!pkg) throw new AppError('CONTEST_NOT_FOUND');
  return pkg;
}

/** A contest for the staff: the organizer sees all of it; the host, who runs the stage, the teams that take part, without their contacts or registrations. */
export function contestDetail(db: Db, slug: string, role: string | undefined) {
  const { id, createdAt, ...rest } = packageOr404(db, slug);
  const revision = repo.packageRevision(rest);
  if (role === 'organizer') return { package: rest, hasMarks: repo.contestHasMarks(db, id), createdAt, revision };
  const kept = rest.teams.filter((tm) => isCompeting(tm.status ?? 'active'));
  const keys = new Set(kept.map((tm) => tm.key));
  const forHost = {
    ...rest,
    teams: kept.map(({ leader: _leader, rejectReason: _reason, ...tm }) => tm),
    judges: rest.judges.map((j) => ({ ...j, conflicts: j.conflicts.filter((k) => keys.has(k)) })),
  };
  return { package: forHost, hasMarks: repo.contestHasMarks(db, id), createdAt, revision };
}

/** The contest package as exported: importing it again gives an equal contest. */
export function exportPackage(db: Db, slug: string): ContestPackage {
  const { id: _id, createdAt: _createdAt, ...rest } = packageOr404(db, slug);
  return rest;
}

/** Public facts of a contest (titles and names) for the big screen and phones. */
export function publicContest(db: Db, slug: string, publicUrl: string | null, now: number) {
  const pkg = packageOr404(db, slug);
  const statuses = repo.teamStatuses(db, pkg.id);
  return {
    slug: pkg.slug,
    publicUrl,
    title: pkg.title,
    organizer: pkg.organizer,
    date: pkg.date,
    venue: pkg.venue ?? null,
    locale: pkg.locale,
    description: pkg.description ?? null,
    registration: {
      deadline: pkg.registration?.deadline ?? null,
      open: registrationOpen(pkg.registration?.deadline ?? null, now),
    },
    rounds: pkg.rounds.map((r) => ({
      key: r.key,
      title: r.title,
      kind: r.kind,
      weight: r.weight,
      timeLimitSec: r.timeLimitSec ?? null,
      max:
        (r.kind === 'rubric'
          ? r.criteria.reduce((a, c) => a + toHundredths(c.max), 0)
          : r.kind === 'quiz'
            ? r.questions.reduce((a, q) => a + toHundredths(q.points), 0)
            : toHundredths(r.max)) / 100,
      criteria: r.kind === 'rubric' ? r.criteria.map((c) => ({ key: c.key, title: c.title, max: c.max, step: c.step })) : [],
    })),
    aggregation: pkg.aggregation,
    tiebreak: pkg.tiebreak,
    teams: competing(pkg.teams.map((tm) => ({ ...tm, status: statuses.get(tm.key) ?? 'active' }))).map((tm) => ({
      key: tm.key,
      name: tm.name,
      unit: tm.unit,
      ideaTitle: tm.idea?.title ?? null,
      status: tm.status,
    })),
    prizes: pkg.prizes.map((p) => ({
      key: p.key,
      title: p.title,
      kind: p.kind,
      count: p.count,
      ...(p.kind === 'round_best' ? { round: p.round } : {}),
    })),
  };
}

export function contestSettings(db: Db, slug: string) {
  const row = repo.contestSettings(db, slug);
  if (!row) throw new AppError('CONTEST_NOT_FOUND');
  return row;
}

export function updateContestSettings<S extends { showJudgeTotals: boolean }>(db: Db, slug: string, settings: S): S {
  if (!write(db, (tx) => repo.setContestSettings(tx, slug, settings))) throw new AppError('CONTEST_NOT_FOUND');
  return settings;
}

/** Deletes a contest that has no marks yet. */
export function removeContest(db: Db, slug: string): void {
  const outcome = repo.deleteContest(db, slug);
  if (outcome === 'not_found') throw new AppError('CONTEST_NOT_FOUND');
  if (outcome === 'has_marks') throw new AppError('CONTEST_HAS_MARKS');
}

/** Withdraws a team: it is listed last, without a rank. */
export function withdrawTeam(db: Db, slug: string, teamKey: string, now: string) {
  const contestId = findContestId(db, slug);
  if (contestId === undefined) throw new AppError('CONTEST_NOT_FOUND');
  return write(db, (tx) => {
    const team = repo.teamStatus(tx, contestId, teamKey);
    if (!team) throw new AppError('NOT_FOUND', 'team');
    // A registration never approved does not compete, so it cannot leave the contest: it is rejected.
    if (team.status === 'pending' || team.status === 'rejected') throw new AppError('TEAM_NOT_APPROVED', 'team');
    repo.setTeamStatus(tx, team.id, 'withdrawn', now);
    return { team: { key: teamKey, status: 'withdrawn' as const } };
  });
}
