/** Special prizes given by the organizer, the scoring policy, the results table with its outliers, certificates. */
import { write, type DbLike as Db } from '../../../db/client.js';
import type { Outlier, Policy, PolicyBody, SpecialAward, SpecialAwardBody } from '../../contract/results.js';
import { AppError } from '../../lib/errors.js';
import { panelOutliers } from '../../scoring/outliers.js';
import { appendEvent } from '../audit/log.js';
import { contestLocks, contestOr404, findContest, teamOr404 } from '../shared/lookups.js';
import * as repo from './repository.js';
import { contestDataNow, loadContestData } from './service.js';
import { buildResultsTable, certificateSerial, prizesOf, serialPrefix } from './table.js';

/** Gives a special prize to a team or a named member, with a reason (logged). */
export function giveSpecialAward(
  db: Db,
  slug: string,
  prizeKey: string,
  body: SpecialAwardBody,
  actor: string,
  now: string,
): SpecialAward {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const prize = repo.findPrize(tx, contest.id, prizeKey);
    if (!prize) throw new AppError('NOT_FOUND', 'prize');
    if (prize.kind !== 'special') throw new AppError('VALIDATION', 'prize', { rule: 'NOT_SPECIAL_PRIZE' });
    const team = teamOr404(tx, contest.id, body.team);
    if (repo.awardCount(tx, prize.id) >= prize.count)
      throw new AppError('PRIZE_FULL', 'prize', { rule: 'PRIZE_FULL', count: prize.count });
    const row = repo.insertAward(tx, { prizeId: prize.id, teamId: team.id, member: body.member ?? null, reason: body.reason });
    appendEvent(
      tx,
      {
        contestId: contest.id,
        actor,
        kind: 'special_award',
        subject: { prize: prize.key, team: team.key },
        after: { id: row.id, member: row.member },
        reason: row.reason,
      },
      now,
    );
    return { id: row.id, prize: prize.key, team: team.key, member: row.member, reason: row.reason };
  });
}

/** Takes back a special prize given by mistake, with a reason (logged). */
export function takeBackSpecialAward(
  db: Db,
  slug: string,
  prizeKey: string,
  awardId: number,
  reason: string,
  actor: string,
  now: string,
): void {
  write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const row = repo.findAward(tx, contest.id, prizeKey, awardId);
    if (!row) throw new AppError('NOT_FOUND', 'award');
    repo.deleteAward(tx, row.award.id);
    appendEvent(
      tx,
      {
        contestId: contest.id,
        actor,
        kind: 'special_award_removed',
        subject: { prize: row.prize, team: row.team },
        before: { id: row.award.id, member: row.award.member, reason: row.award.reason },
        reason,
      },
      now,
    );
  });
}

export function specialAwards(db: Db, slug: string, prizeKey: string) {
  const contest = contestOr404(db, slug);
  return { awards: repo.prizeAwards(db, contest.id, prizeKey) };
}

/** Changes the scoring policy; after the first lock it needs a reason, and it is logged. */
export function setPolicy(db: Db, slug: string, body: PolicyBody, actor: string, now: string): Policy {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const roundKeys = repo.roundKeys(tx, contest.id);
    body.tiebreak.forEach((tb, i) => {
      const key = tb.slice('round:'.length);
      if (!roundKeys.has(key)) throw new AppError('VALIDATION', `tiebreak.${i}`, { rule: 'UNKNOWN_ROUND', key });
    });
    const before: Policy = {
      aggregation: {
        method: contest.aggregationMethod,
        trim: contest.aggregationTrim,
        decimals: contest.aggregationDecimals,
      },
      tiebreak: contest.tiebreak,
    };
    const after: Policy = { aggregation: body.aggregation, tiebreak: body.tiebreak };
    if (JSON.stringify(before) === JSON.stringify(after)) return after;
    const locked = contestLocks(tx, contest.id).length > 0;
    if (locked && !body.reason) throw new AppError('REASON_REQUIRED', 'reason');
    repo.updatePolicy(tx, contest.id, after);
    appendEvent(
      tx,
      {
        contestId: contest.id,
        actor,
        kind: 'policy',
        subject: { contest: contest.slug },
        before,
        after,
        reason: body.reason ?? null,
      },
      now,
    );
    return after;
  });
}

/** The full results table, with the judges far from their panel flagged. */
export function resultsWithOutliers(db: Db, slug: string, tolerance: string, now: string) {
  const data = loadContestData(db, slug, Date.parse(now));
  const table = buildResultsTable(db, slug, data, now);
  const outliers: Outlier[] = [];
  const judgeKey = new Map(data.judges.map((j) => [j.id, j.key]));
  const conflicted = new Set(data.conflicts.map((c) => `${c.judgeId}/${c.teamId}`));
  for (const round of data.rounds.filter((r) => r.kind === 'rubric')) {
    for (const team of data.teams) {
      const panel = data.sheets
        .filter(
          (s) =>
            s.roundId === round.id &&
            s.teamId === team.id &&
            s.status === 'submitted' &&
            !conflicted.has(`${s.judgeId}/${s.teamId}`),
        )
        .map((s) => ({ judge: judgeKey.get(s.judgeId)!, totalHundredths: s.totalHundredths }));
      for (const o of panelOutliers(panel, tolerance))
        outliers.push({
          round: round.key,
          team: team.key,
          judge: o.judge,
          total: o.totalHundredths / 100,
          othersMean: o.othersMeanHundredths / 100,
        });
    }
  }
  return { table, outliers, tolerance };
}

/** Every certificate a contest's final prizes give (provisional prizes give none). */
function certificatesOf(db: Db, c: ReturnType<typeof repo.allContests>[number], now: string) {
  // The results table's prizes (buildResultsTable), without the rest of the table.
  return prizesOf(contestDataNow(db, c.slug, Date.parse(now)))
    .filter((p) => !p.provisional)
    .flatMap((p) =>
      p.winners.map((w) => ({
        serial: certificateSerial(c.createdAt, c.slug, p.key, w.team, w.member),
        contest: { slug: c.slug, title: c.title, organizer: c.organizer, date: c.date, venue: c.venue },
        prize: { key: p.key, title: p.title },
        team: { key: w.team, name: w.name, unit: w.unit },
        member: w.member ?? null,
      })),
    );
}

/** The certificate with this serial, if a final prize of some contest gives it; serials are derived, not stored. */
export function findCertificate(db: Db, serial: string, now: string) {
  // Find the contest by the serial's prefix, then the award.
  const prefix = serial.split('-').slice(0, -1).join('-');
  for (const c of repo.allContests(db).filter((c) => serialPrefix(c.slug) === prefix)) {
    const found = certificatesOf(db, c, now).find((cert) => cert.serial === serial);
    if (found) return found;
  }
  throw new AppError('NOT_FOUND', 'serial');
}

/** The certificates of one contest (none for an unknown one), as GET /api/certificates/:serial answers each. */
export function contestCertificates(db: Db, slug: string, now: string) {
  const c = findContest(db, slug);
  return c ? certificatesOf(db, c, now) : [];
}
