/**
 * The contest editor's draft: the package as a form holds it (numbers as typed, references by
 * row id so that a key made from a title may change), and the two ways between it and a package.
 */
import { CONTEST_FORMAT, type ContestPackage, type Round, type Team } from '$contract/package';
import { assignKeys, suggestSlug } from './keys';

export type RoundKind = Round['kind'];
export type PrizeKind = ContestPackage['prizes'][number]['kind'];
export type Method = ContestPackage['aggregation']['method'];
export type Question = Extract<Round, { kind: 'quiz' }>['questions'][number];
/** What the editor does not show of a team but must keep: its registration. */
export type TeamExtras = Pick<Team, 'status' | 'leader' | 'rejectReason'>;

export const ROUND_KINDS: readonly RoundKind[] = ['rubric', 'quiz', 'direct'];
export const PRIZE_KINDS: readonly PrizeKind[] = ['overall', 'round_best', 'audience', 'special'];
export const METHODS: readonly Method[] = ['mean', 'trimmed_mean', 'median'];
export const DECIMALS = [0, 1, 2, 3, 4] as const;

/** A row of a keyed list. `saved`: the server has it (its key stays, so private links survive). */
interface KeyedRow {
  uid: string;
  key: string;
  /** The key follows the title until the organizer types one. */
  autoKey: boolean;
  saved: boolean;
}
export interface DraftCriterion extends KeyedRow {
  title: string;
  max: string;
  step: string;
}
export interface DraftRound extends KeyedRow {
  title: string;
  kind: RoundKind;
  weight: string;
  minutes: string;
  seconds: string;
  criteria: DraftCriterion[];
  /** A direct round's scale. */
  max: string;
  step: string;
}
export interface DraftPrize extends KeyedRow {
  title: string;
  kind: PrizeKind;
  count: string;
  /** The uid of the round of a round_best prize, or ''. */
  round: string;
}
export interface DraftMember {
  uid: string;
  name: string;
  role: string;
}
export interface DraftTeam extends KeyedRow {
  name: string;
  unit: string;
  members: DraftMember[];
  ideaTitle: string;
  ideaSummary: string;
}
export interface DraftJudge extends KeyedRow {
  name: string;
  title: string;
  unit: string;
  /** Uids of teams. */
  conflicts: string[];
}
export interface Draft {
  slug: string;
  /** The slug follows the title until the organizer types one (creating only). */
  autoSlug: boolean;
  title: string;
  organizer: string;
  date: string;
  venue: string;
  /** Who signs the minutes for the organizing committee; '' when not named. */
  chairName: string;
  secretaryName: string;
  locale: 'vi' | 'en';
  description: string;
  /** `YYYY-MM-DDTHH:mm` in the browser's time zone, or ''. */
  deadline: string;
  units: string[];
  method: Method;
  trim: string;
  decimals: number;
  /** Uids of rounds, in order. */
  tiebreak: string[];
  rounds: DraftRound[];
  prizes: DraftPrize[];
  teams: DraftTeam[];
  judges: DraftJudge[];
}

/** What a draft keeps aside, untouched by the form. */
export interface Kept {
  questions: Map<string, Question[]>;
  descriptions: Map<string, string>;
  teamExtras: Map<string, TeamExtras>;
  /** The deadline as loaded and as the form shows it: unchanged, it is sent back as it was. */
  deadline: { local: string; iso: string } | null;
}

let counter = 0;
export const newUid = (): string => `r${++counter}`;

export function newCriterion(): DraftCriterion {
  return { uid: newUid(), key: '', autoKey: true, saved: false, title: '', max: '10', step: '0.5' };
}
export function newRound(kind: RoundKind = 'rubric'): DraftRound {
  return {
    uid: newUid(),
    key: '',
    autoKey: true,
    saved: false,
    title: '',
    kind,
    weight: '1',
    minutes: '',
    seconds: '',
    criteria: kind === 'rubric' ? [newCriterion()] : [],
    max: '10',
    step: '0.5',
  };
}
export function newPrize(): DraftPrize {
  return { uid: newUid(), key: '', autoKey: true, saved: false, title: '', kind: 'overall', count: '1', round: '' };
}
export function newMember(): DraftMember {
  return { uid: newUid(), name: '', role: '' };
}
export function newTeam(): DraftTeam {
  return {
    uid: newUid(),
    key: '',
    autoKey: true,
    saved: false,
    name: '',
    unit: '',
    members: [],
    ideaTitle: '',
    ideaSummary: '',
  };
}
export function newJudge(): DraftJudge {
  return { uid: newUid(), key: '', autoKey: true, saved: false, name: '', title: '', unit: '', conflicts: [] };
}

export function emptyKept(): Kept {
  return { questions: new Map(), descriptions: new Map(), teamExtras: new Map(), deadline: null };
}

/** A new contest: one rubric round with one criterion, the plain mean, two decimals. */
export function emptyDraft(): Draft {
  return {
    slug: '',
    autoSlug: true,
    title: '',
    organizer: '',
    date: '',
    venue: '',
    chairName: '',
    secretaryName: '',
    locale: 'vi',
    description: '',
    deadline: '',
    units: [],
    method: 'mean',
    trim: '0',
    decimals: 2,
    tiebreak: [],
    rounds: [newRound()],
    prizes: [],
    teams: [],
    judges: [],
  };
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** An instant (any offset) as `YYYY-MM-DDTHH:mm` in this browser's time zone. */
export function instantToLocal(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The offset of this browser's time zone at `date`, as `+07:00`. */
export function offsetOf(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  return `${minutes < 0 ? '-' : '+'}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;
}

/** `YYYY-MM-DDTHH:mm[:ss]` read in this browser's time zone, as an instant with its offset; else undefined. */
export function localToInstant(local: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  if (Number.isNaN(date.getTime())) return undefined;
  return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${offsetOf(date)}`;
}

/** A package as a draft, and what the draft keeps aside. Every row is saved: its key stays. */
export function fromPackage(pkg: ContestPackage): { draft: Draft; kept: Kept } {
  const kept = emptyKept();
  const roundUid = new Map<string, string>();
  const teamUid = new Map<string, string>();

  const rounds = pkg.rounds.map((r): DraftRound => {
    const uid = newUid();
    roundUid.set(r.key, uid);
    const limit = r.timeLimitSec;
    const base = {
      uid,
      key: r.key,
      autoKey: false,
      saved: true,
      title: r.title,
      kind: r.kind,
      weight: String(r.weight),
      minutes: limit === undefined ? '' : String(Math.floor(limit / 60)),
      seconds: limit === undefined ? '' : String(limit % 60),
      criteria: [] as DraftCriterion[],
      max: '10',
      step: '0.5',
    };
    if (r.kind === 'rubric')
      base.criteria = r.criteria.map((c) => {
        const cuid = newUid();
        if (c.description !== undefined) kept.descriptions.set(cuid, c.description);
        return { uid: cuid, key: c.key, autoKey: false, saved: true, title: c.title, max: String(c.max), step: String(c.step) };
      });
    else if (r.kind === 'direct') {
      base.max = String(r.max);
      base.step = String(r.step);
    } else kept.questions.set(uid, r.questions);
    return base;
  });

  const teams = pkg.teams.map((tm): DraftTeam => {
    const uid = newUid();
    teamUid.set(tm.key, uid);
    const extras: TeamExtras = {};
    if (tm.status !== undefined) extras.status = tm.status;
    if (tm.leader !== undefined) extras.leader = tm.leader;
    if (tm.rejectReason !== undefined) extras.rejectReason = tm.rejectReason;
    kept.teamExtras.set(uid, extras);
    return {
      uid,
      key: tm.key,
      autoKey: false,
      saved: true,
      name: tm.name,
      unit: tm.unit,
      members: tm.members.map((m) => ({ uid: newUid(), name: m.name, role: m.role ?? '' })),
      ideaTitle: tm.idea?.title ?? '',
      ideaSummary: tm.idea?.summary ?? '',
    };
  });

  const deadlineIso = pkg.registration?.deadline;
  const deadline = deadlineIso ? instantToLocal(deadlineIso) : '';
  if (deadlineIso) kept.deadline = { local: deadline, iso: deadlineIso };

  const draft: Draft = {
    slug: pkg.slug,
    autoSlug: false,
    title: pkg.title,
    organizer: pkg.organizer,
    date: pkg.date,
    venue: pkg.venue ?? '',
    chairName: pkg.chairName ?? '',
    secretaryName: pkg.secretaryName ?? '',
    locale: pkg.locale,
    description: pkg.description ?? '',
    deadline,
    units: [...pkg.units],
    method: pkg.aggregation.method,
    trim: String(pkg.aggregation.trim),
    decimals: pkg.aggregation.decimals,
    tiebreak: pkg.tiebreak.flatMap((entry) => {
      const uid = roundUid.get(entry.replace(/^round:/, ''));
      return uid ? [uid] : [];
    }),
    rounds,
    prizes: pkg.prizes.map((p) => ({
      uid: newUid(),
      key: p.key,
      autoKey: false,
      saved: true,
      title: p.title,
      kind: p.kind,
      count: String(p.count),
      round: p.kind === 'round_best' ? (roundUid.get(p.round) ?? '') : '',
    })),
    teams,
    judges: pkg.judges.map((j) => ({
      uid: newUid(),
      key: j.key,
      autoKey: false,
      saved: true,
      name: j.name,
      title: j.title ?? '',
      unit: j.unit ?? '',
      conflicts: j.conflicts.flatMap((k) => {
        const uid = teamUid.get(k);
        return uid ? [uid] : [];
      }),
    })),
  };
  return { draft, kept };
}

/** The key of every row (rounds, criteria, prizes, teams, judges), by uid. */
export function resolveKeys(draft: Draft): Map<string, string> {
  const keys = new Map<string, string>();
  assignKeys(draft.rounds, (r) => r.title, 'phan-thi', keys);
  for (const r of draft.rounds) assignKeys(r.criteria, (c) => c.title, 'tieu-chi', keys);
  assignKeys(draft.prizes, (p) => p.title, 'giai', keys);
  assignKeys(draft.teams, (t) => t.name, 'doi', keys);
  assignKeys(draft.judges, (j) => j.name, 'giam-khao', keys);
  return keys;
}

/** The slug the draft will have: the one typed, or the one made from the title. */
export function slugOf(draft: Draft): string {
  return draft.autoSlug ? suggestSlug(draft.title) : draft.slug;
}

/**
 * A number as typed ("0,5" or "0.5"): '' is absent (the schema says "required"), and text that is
 * not a number is kept as text, so that the schema says it is not a number.
 */
export function parseNumber(text: string): number | string | undefined {
  const s = text.trim().replace(',', '.');
  if (s === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : text;
}

/** Text that is optional in the package: absent when blank. */
const optional = (s: string) => (s.trim() === '' ? undefined : s);

/** Minutes and seconds as typed → seconds; nothing (or zero) is no limit. */
export function timeLimit(minutes: string, seconds: string): number | string | undefined {
  const m = parseNumber(minutes);
  const s = parseNumber(seconds);
  if (typeof m === 'string') return m;
  if (typeof s === 'string') return s;
  if (m === undefined && s === undefined) return undefined;
  const total = (m ?? 0) * 60 + (s ?? 0);
  return total === 0 ? undefined : total;
}

/** Drops the properties whose value is undefined, as JSON would. */
function clean<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * The package the draft describes, as it is sent and validated: numbers parsed, keys resolved,
 * references turned back into keys, and what the form does not show put back as it was.
 */
export function toPackage(draft: Draft, kept: Kept, keys: ReadonlyMap<string, string>): Record<string, unknown> {
  const keyOf = (uid: string) => keys.get(uid) ?? '';
  let deadline: string | undefined;
  if (draft.deadline.trim() !== '')
    deadline = kept.deadline && kept.deadline.local === draft.deadline ? kept.deadline.iso : localToInstant(draft.deadline);

  const rounds = draft.rounds.map((r) => {
    const base = clean({
      key: keyOf(r.uid),
      title: r.title,
      kind: r.kind,
      weight: parseNumber(r.weight),
      timeLimitSec: timeLimit(r.minutes, r.seconds),
    });
    if (r.kind === 'rubric')
      return {
        ...base,
        criteria: r.criteria.map((c) =>
          clean({
            key: keyOf(c.uid),
            title: c.title,
            description: kept.descriptions.get(c.uid),
            max: parseNumber(c.max),
            step: parseNumber(c.step),
          }),
        ),
      };
    if (r.kind === 'direct') return clean({ ...base, max: parseNumber(r.max), step: parseNumber(r.step) });
    return { ...base, questions: kept.questions.get(r.uid) ?? [] };
  });

  return clean({
    format: CONTEST_FORMAT,
    slug: slugOf(draft),
    title: draft.title,
    organizer: draft.organizer,
    date: draft.date === '' ? undefined : draft.date,
    venue: optional(draft.venue),
    chairName: optional(draft.chairName),
    secretaryName: optional(draft.secretaryName),
    locale: draft.locale,
    description: optional(draft.description),
    aggregation: { method: draft.method, trim: parseNumber(draft.trim), decimals: draft.decimals },
    tiebreak: draft.tiebreak.filter((uid) => keys.has(uid)).map((uid) => `round:${keyOf(uid)}`),
    rounds,
    prizes: draft.prizes.map((p) =>
      clean({
        key: keyOf(p.uid),
        title: p.title,
        kind: p.kind,
        count: parseNumber(p.count),
        round: p.kind === 'round_best' ? (p.round === '' ? undefined : keyOf(p.round)) : undefined,
      }),
    ),
    teams: draft.teams.map((t) => {
      const idea =
        t.ideaTitle.trim() === '' && t.ideaSummary.trim() === ''
          ? undefined
          : clean({ title: t.ideaTitle, summary: optional(t.ideaSummary) });
      return clean({
        key: keyOf(t.uid),
        name: t.name,
        unit: t.unit,
        members: t.members.map((m) => clean({ name: m.name, role: optional(m.role) })),
        idea,
        ...kept.teamExtras.get(t.uid),
      });
    }),
    judges: draft.judges.map((j) =>
      clean({
        key: keyOf(j.uid),
        name: j.name,
        title: optional(j.title),
        unit: optional(j.unit),
        conflicts: j.conflicts.filter((uid) => draft.teams.some((t) => t.uid === uid)).map(keyOf),
      }),
    ),
    units: [...draft.units],
    registration: deadline === undefined ? undefined : { deadline },
  });
}

/**
 * The parts of a package that scores depend on (the server's rule, server/modules/contests/
 * editor.ts): once there are marks, changing them needs a reason.
 */
export function scoringKey(pkg: Record<string, unknown>): string {
  const p = pkg as Partial<ContestPackage>;
  const byKey = <T extends { key: string }>(xs: T[]) => [...xs].sort((a, b) => (a.key < b.key ? -1 : 1));
  return JSON.stringify({
    aggregation: p.aggregation,
    tiebreak: p.tiebreak,
    rounds: (p.rounds ?? []).map((r) => ({
      key: r.key,
      kind: r.kind,
      weight: r.weight,
      ...(r.kind === 'rubric' ? { criteria: r.criteria.map((c) => [c.key, c.max, c.step]) } : {}),
      ...(r.kind === 'direct' ? { max: r.max, step: r.step } : {}),
    })),
    prizes: (p.prizes ?? []).map((x) => [x.key, x.kind, x.count, x.kind === 'round_best' ? x.round : null]),
    teams: byKey(p.teams ?? []).map((t) => [t.key, t.status ?? 'active']),
    judges: byKey(p.judges ?? []).map((j) => [j.key, [...j.conflicts].sort()]),
  });
}
