/** What a judge's tablet reads: the contest as the judge sees it, and the judge's own sheets. */
import type { DbLike as Db } from '../../../db/client.js';
import type { JudgeMe, JudgeSheets } from '../../contract/judging.js';
import type { JudgeIdentity } from '../../plugins/judge-auth.js';
import { contestConflicts, contestLocks, contestTeams, findContest, roundCriteria } from '../shared/lookups.js';
import * as repo from './repository.js';
import { readStage } from '../stage/repository.js';
import { sheetView } from './service.js';

/** The judge, the contest with its rubric rounds and the teams (conflicts marked), and the stage. */
export function judgeMe(db: Db, judge: JudgeIdentity): JudgeMe {
  const contest = findContest(db, judge.contestSlug)!;
  const rounds = repo.rubricRounds(db, contest.id);
  const conflicted = new Set(
    contestConflicts(db, contest.id)
      .filter((c) => c.judgeId === judge.id)
      .map((c) => c.teamKey),
  );
  return {
    contest: {
      slug: contest.slug,
      title: contest.title,
      organizer: contest.organizer,
      date: contest.date,
      venue: contest.venue,
      rounds: rounds.map((r) => ({
        key: r.key,
        title: r.title,
        timeLimitSec: r.timeLimitSec,
        criteria: roundCriteria(db, r.id).map((c) => ({
          key: c.key,
          title: c.title,
          description: c.description,
          max: c.maxHundredths / 100,
          step: c.stepHundredths / 100,
        })),
      })),
      teams: contestTeams(db, contest.id).map((tm) => ({
        key: tm.key,
        name: tm.name,
        unit: tm.unit,
        ideaTitle: tm.ideaTitle,
        conflict: conflicted.has(tm.key),
        withdrawn: tm.status !== 'active',
      })),
    },
    judge: { key: judge.key, name: judge.name, title: judge.title },
    stage: readStage(db, contest.id),
  };
}

/** The judge's own sheets with their receipts, and the locked results. */
export function judgeSheets(db: Db, judge: JudgeIdentity): JudgeSheets {
  const own = repo.contestSheets(db, judge.contestId).filter((s) => s.sheet.judgeId === judge.id);
  return {
    sheets: own.map((s) => ({
      ...sheetView(s.sheet, { round: s.round, team: s.team, judge: s.judge }),
      receipt: repo.eventReceipt(db, s.sheet.lastEventSeq) ?? null,
    })),
    locked: contestLocks(db, judge.contestId).map((l) => ({ round: l.round, team: l.team })),
  };
}
