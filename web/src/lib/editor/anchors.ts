/** Pure helpers of the editor's state: where issues show, and what the server changed meanwhile. */
import type { ContestPackage } from '$contract/package';
import type { Draft } from './draft';

export type Mode = 'create' | 'edit';

/** Every path the form has a field (or a row) for, with its place in the page. */
export function buildAnchors(draft: Draft, mode: Mode): Map<string, number> {
  const a = new Map<string, number>();
  const add = (...paths: string[]) => {
    for (const p of paths) if (!a.has(p)) a.set(p, a.size);
  };
  const row = (base: string, fields: readonly string[]) => add(base, ...fields.map((f) => `${base}.${f}`));

  add('title');
  if (mode === 'create') add('slug');
  add('organizer', 'date', 'venue', 'chairName', 'secretaryName', 'locale', 'registration.deadline', 'description', 'units');
  add('rounds');
  draft.rounds.forEach((r, i) => {
    const p = `rounds.${i}`;
    row(p, ['title', 'key', 'kind', 'weight', 'timeLimitSec']);
    if (r.kind === 'rubric') {
      add(`${p}.criteria`);
      r.criteria.forEach((_, j) => row(`${p}.criteria.${j}`, ['title', 'key', 'max', 'step']));
    } else if (r.kind === 'direct') add(`${p}.max`, `${p}.step`);
    else add(`${p}.questions`);
  });
  add('aggregation.method');
  if (draft.method === 'trimmed_mean') add('aggregation.trim');
  add('aggregation.decimals', 'tiebreak', 'prizes');
  draft.prizes.forEach((p, i) =>
    row(`prizes.${i}`, p.kind === 'round_best' ? ['title', 'key', 'kind', 'count', 'round'] : ['title', 'key', 'kind', 'count']),
  );
  add('teams');
  draft.teams.forEach((tm, i) => {
    row(`teams.${i}`, ['name', 'key', 'unit', 'idea.title', 'idea.summary', 'members']);
    tm.members.forEach((_, m) => row(`teams.${i}.members.${m}`, ['name', 'role']));
  });
  add('judges');
  draft.judges.forEach((_, i) => row(`judges.${i}`, ['name', 'key', 'title', 'unit', 'conflicts']));
  return a;
}

/** Issues grouped by the field they show beside. */
export function groupByAnchor<T extends { anchor: string }>(issues: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const issue of issues) {
    const list = map.get(issue.anchor);
    if (list) list.push(issue);
    else map.set(issue.anchor, [issue]);
  }
  return map;
}

/**
 * The package to send, with what changed on the server while the organizer was editing kept:
 * quiz questions (edited on the question bank page), teams' registration status, and
 * registrations that arrived meanwhile (`initial` is the package the editor opened).
 */
export function mergeFresh(
  pkg: Record<string, unknown>,
  fresh: ContestPackage,
  initial: ContestPackage,
): { pkg: Record<string, unknown>; arrived: number } {
  const sent = structuredClone(pkg) as unknown as ContestPackage;
  const freshRounds = new Map(fresh.rounds.map((r) => [r.key, r]));
  sent.rounds = sent.rounds.map((r) => {
    const now = freshRounds.get(r.key);
    return r.kind === 'quiz' && now?.kind === 'quiz' ? { ...r, questions: now.questions } : r;
  });
  // A three-way merge of the teams: one the organizer did not touch here is taken as it is now
  // (the team's own edits, a review); one edited here keeps the edit, with the status, contact
  // and reason as they are now.
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const initialTeams = new Map(initial.teams.map((tm) => [tm.key, tm]));
  const freshTeams = new Map(fresh.teams.map((tm) => [tm.key, tm]));
  const merged: ContestPackage['teams'] = sent.teams.map((tm) => {
    const now = freshTeams.get(tm.key);
    if (!now) return tm;
    if (same(tm, initialTeams.get(tm.key))) return now;
    const { status: _s, leader: _l, rejectReason: _r, ...rest } = tm;
    return {
      ...rest,
      ...(now.status !== undefined ? { status: now.status } : {}),
      ...(now.leader !== undefined ? { leader: now.leader } : {}),
      ...(now.rejectReason !== undefined ? { rejectReason: now.rejectReason } : {}),
    };
  });
  const known = new Set([...initial.teams.map((tm) => tm.key), ...sent.teams.map((tm) => tm.key)]);
  const arrivals = fresh.teams.filter((tm) => !known.has(tm.key));
  // The running order is the list's order: when it was not rearranged here, keep the current one
  // (a draw made meanwhile), with teams added here at the end.
  const keysOf = (list: readonly { key: string }[]) => list.map((tm) => tm.key);
  const kept = new Set(keysOf(merged));
  const reordered = !same(
    keysOf(sent.teams).filter((k) => initialTeams.has(k)),
    keysOf(initial.teams).filter((k) => kept.has(k)),
  );
  if (reordered) sent.teams = [...merged, ...arrivals];
  else {
    const byKey = new Map(merged.map((tm) => [tm.key, tm]));
    const arrived = new Set(keysOf(arrivals));
    // The current order, minus teams removed here, with arrivals where they stand.
    const current = fresh.teams.flatMap((tm) => {
      const mine = byKey.get(tm.key);
      return mine ? [mine] : arrived.has(tm.key) ? [tm] : [];
    });
    sent.teams = [...current, ...merged.filter((tm) => !freshTeams.has(tm.key))];
  }
  return { pkg: sent as unknown as Record<string, unknown>, arrived: arrivals.length };
}
