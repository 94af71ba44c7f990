/**
 * The official results table: the organizer's full view of a contest as the minutes, the CSV, the
 * XLSX and the certificates print it. Built once from the same data and standings as the board.
 */
import { dict } from '../../contract/dict.js';
import { createHash } from 'node:crypto';
import type { ResultsTable } from '../../contract/results.js';
import { listEvents, verifyChain } from '../audit/log.js';
import type { DbLike as Db } from '../../../db/client.js';
import { scoreboardOf, standingsOf, type ContestData } from './service.js';
import * as t from '../../../db/schema.js';
import { asc, inArray } from 'drizzle-orm';

export type { ResultsTable };

/** The results table as of `generatedAt` (the app clock's time, printed on the documents). */
export function buildResultsTable(db: Db, slug: string, data: ContestData, generatedAt: string): ResultsTable {
  const d = data;
  const board = scoreboardOf(d, 'organizer', standingsOf(d, 'organizer'));
  const criteria = d.rounds.length
    ? db
        .select()
        .from(t.criteria)
        .where(
          inArray(
            t.criteria.roundId,
            d.rounds.map((r) => r.id),
          ),
        )
        .orderBy(asc(t.criteria.position))
        .all()
    : [];
  const conflicted = new Set(d.conflicts.map((c) => `${c.judgeId}/${c.teamId}`));
  const teamByKey = new Map(d.teams.map((tm) => [tm.key, tm]));
  const chain = verifyChain(listEvents(db, d.contest.id));

  const rows = board.rows.map((r) => {
    const team = teamByKey.get(r.team)!;
    // Keyed by round, judge and criterion keys: null-prototype records (user keys are data).
    const judgeTotals: ResultsTable['rows'][number]['judgeTotals'] = dict();
    const judgeMarks: ResultsTable['rows'][number]['judgeMarks'] = dict();
    const judgeComments: ResultsTable['rows'][number]['judgeComments'] = dict();
    for (const round of d.rounds.filter((x) => x.kind === 'rubric')) {
      judgeTotals[round.key] = dict();
      judgeMarks[round.key] = dict();
      judgeComments[round.key] = dict();
      for (const j of d.judges) {
        const sheet = d.sheets.find(
          (s) => s.roundId === round.id && s.teamId === team.id && s.judgeId === j.id && s.status === 'submitted',
        );
        judgeTotals[round.key]![j.key] = conflicted.has(`${j.id}/${team.id}`)
          ? 'conflict'
          : sheet
            ? sheet.totalHundredths / 100
            : null;
        if (sheet) judgeMarks[round.key]![j.key] = dict(Object.entries(sheet.marks).map(([k, v]) => [k, v / 100] as const));
        if (sheet?.comment) judgeComments[round.key]![j.key] = sheet.comment;
      }
    }
    return { ...r, judgeTotals, judgeMarks, judgeComments };
  });

  return {
    contest: {
      slug: d.contest.slug,
      title: d.contest.title,
      organizer: d.contest.organizer,
      date: d.contest.date,
      venue: d.contest.venue,
      decimals: d.contest.aggregationDecimals,
      method: d.contest.aggregationMethod,
      trim: d.contest.aggregationTrim,
    },
    rounds: d.rounds.map((r) => ({
      key: r.key,
      title: r.title,
      kind: r.kind,
      weight: r.weightHundredths / 100,
      criteria: criteria
        .filter((c) => c.roundId === r.id)
        .map((c) => ({ key: c.key, title: c.title, max: c.maxHundredths / 100 })),
    })),
    judges: d.judges.map((j) => ({ key: j.key, name: j.name, title: j.title, unit: j.unit })),
    rows,
    prizes: prizesOf(d, board),
    audit: { events: chain.events, head: chain.head, ok: chain.ok },
    generatedAt,
  };
}

/** The results table's prizes: each with its winners (the organizer's board), and whether it is still provisional. */
export function prizesOf(d: ContestData, board = scoreboardOf(d, 'organizer')): ResultsTable['prizes'] {
  const teamByKey = new Map(d.teams.map((tm) => [tm.key, tm]));
  return d.prizes.map((p) => {
    const award = board.awards.find((a) => a.prize === p.key);
    const winners =
      p.kind === 'special'
        ? d.specialAwards
            .filter((a) => a.prizeId === p.id)
            .map((a) => {
              const team = d.teams.find((tm) => tm.id === a.teamId)!;
              return {
                team: team.key,
                name: team.name,
                unit: team.unit,
                ...(a.member ? { member: a.member } : {}),
                reason: a.reason,
              };
            })
        : (award?.teams ?? []).map((k) => {
            const team = teamByKey.get(k)!;
            return { team: k, name: team.name, unit: team.unit };
          });
    return { key: p.key, title: p.title, kind: p.kind, provisional: award?.provisional ?? false, winners };
  });
}

/** A certificate's serial: short, stable for one prize of one winner, and hard to guess. */
export function certificateSerial(contestCreatedAt: string, slug: string, prize: string, team: string, member?: string): string {
  const digest = createHash('sha256')
    .update([contestCreatedAt, slug, prize, team, member ?? ''].join('\u0000'))
    .digest('hex');
  return `${serialPrefix(slug)}-${digest.slice(0, 10).toUpperCase()}`;
}

/** The readable part of a serial: the slug's start, without a dangling dash. */
export function serialPrefix(slug: string): string {
  return slug.slice(0, 12).replace(/-+$/, '').toUpperCase();
}
