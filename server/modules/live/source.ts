/**
 * What each live view shows (server/lib/live-source.ts), read from the domain modules: the stage,
 * the board, the quiz question, the released judge totals, and for the staff's views the round's
 * progress, who answered and the voting summary.
 */
import type { FastifyInstance } from 'fastify';
import type { LiveParts, LiveView } from '../../contract/live.js';
import type { LiveSource } from '../../lib/live-source.js';
import { roundProgress } from '../judging/service.js';
import { readStage } from '../stage/repository.js';
import { answeredTeams, currentQuestion, findQuestionId } from '../quiz/service.js';
import { boardFor } from '../results/board.js';
import { releasedJudgeTotals } from '../results/judge-totals.js';
import { contestDataNow, type ContestData } from '../results/service.js';
import { contestLocks, contestOr404, contestSlugs } from '../shared/lookups.js';
import { votingSummary } from '../votes/service.js';

export function liveSource(app: FastifyInstance): LiveSource {
  return {
    loader(slug) {
      let data: ContestData | undefined;
      return () => (data ??= contestDataNow(app.db, slug, app.clock.now()));
    },
    view(slug: string, view: LiveView, load) {
      const contest = contestOr404(app.db, slug);
      const stage = readStage(app.db, contest.id);
      if (view === 'judge')
        return {
          parts: { stage, locks: contestLocks(app.db, contest.id).map((l) => ({ round: l.round, team: l.team })) },
          wakeAt: null,
        };
      const board = boardFor(app.db, slug, view, load as () => ContestData);
      const quiz = currentQuestion(app.db, contest.id, app.clock.now());
      const wakeAt = quiz && !quiz.closedAt && quiz.closesAt ? Date.parse(quiz.closesAt) : null;
      const parts: LiveParts = { scoreboard: board, stage, quiz, result: releasedJudgeTotals(app.db, contest, stage) };
      if (view === 'host' || view === 'organizer') {
        parts.progress = stage.round ? roundProgress(app.db, slug, stage.round) : null;
        const q = quiz ? findQuestionId(app.db, contest.id, quiz.round, quiz.question) : undefined;
        parts.quizAnswered = q === undefined ? [] : answeredTeams(app.db, q);
        parts.votes = votingSummary(app.db, contest);
      }
      return { parts, wakeAt };
    },
    slugs: () => contestSlugs(app.db),
  };
}
