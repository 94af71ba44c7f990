/**
 * Small data the web app's unit tests build on: a contest package with one rubric round, the public
 * view of a contest, a quiz question as the hub shows it, and a judge's sheet as the server stores
 * it. Never imported by the app.
 */
import type { PublicContest } from '$contract/api';
import type { ContestPackage } from '$contract/package';
import type { LiveQuestion } from '$contract/quiz';
import type { Sheet, SheetStatus } from '$lib/judge/api';

/** A contest with one rubric round of one criterion, and no teams, judges or prizes. */
export const testPackage = (): ContestPackage => ({
  format: 'hoithi/contest@1',
  slug: 'thu',
  title: 'Hội thi thử',
  organizer: 'Công đoàn Viên chức tỉnh Gia Lai',
  date: '2019-09-20',
  locale: 'vi',
  aggregation: { method: 'mean', trim: 0, decimals: 2 },
  tiebreak: [],
  rounds: [
    { key: 'v1', title: 'Vòng 1', kind: 'rubric', weight: 1, criteria: [{ key: 'nd', title: 'Nội dung', max: 10, step: 0.5 }] },
  ],
  prizes: [],
  teams: [],
  judges: [],
  units: [],
});

/** Judge gk1's sheet of `team` in `round` at `version`, with its total and a fixed time. */
export const testSheet = (
  round: string,
  team: string,
  version: number,
  marks: Record<string, number>,
  status: SheetStatus = 'draft',
): Sheet => ({
  round,
  team,
  judge: 'gk1',
  marks,
  total: Object.values(marks).reduce((a, b) => a + b, 0),
  status,
  version,
  updatedAt: '2026-12-04T08:00:00.000Z',
  comment: null,
});

/** The public view of contest "thu", with no rounds, teams or prizes. */
export const testPublicContest = (): PublicContest => ({
  slug: 'thu',
  publicUrl: null,
  title: 'Hội thi thử',
  organizer: 'Ban tổ chức',
  date: '2026-12-04',
  venue: null,
  locale: 'vi',
  description: null,
  registration: { deadline: null, open: false },
  rounds: [],
  aggregation: { method: 'mean', trim: 0, decimals: 2 },
  tiebreak: [],
  teams: [],
  prizes: [],
});

/** Question `question` of quiz round `round` as the hub shows it: open since 08:00, no time limit. */
export const testLiveQuestion = (round: string, question: string, extra: Partial<LiveQuestion> = {}): LiveQuestion => ({
  round,
  question,
  number: 1,
  of: 2,
  text: 'Câu hỏi?',
  choices: ['Một', 'Hai'],
  points: 10,
  hasImage: false,
  openedAt: '2026-12-04T08:00:00.000Z',
  closesAt: null,
  closedAt: null,
  voided: false,
  voidReason: null,
  answered: 0,
  answer: null,
  counts: null,
  ...extra,
});
