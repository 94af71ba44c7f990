/**
 * The state of the contest editor: the draft, the package it makes, the schema's issues placed
 * beside the fields their paths name, the server's answers, and saving (create or edit).
 */
import { SvelteSet } from 'svelte/reactivity';
import type { z } from 'zod';
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import { ERRORS } from '$contract/errors';
import { contestPackageSchema, type ContestPackage } from '$contract/package';
import { ApiError, type Issue } from '$lib/api';
import { flash } from '$lib/flash.svelte';
import { locale } from '$lib/i18n/locale.svelte';
import type { Messages } from '$lib/i18n/vi';
import { editorApi } from './api';
import {
  emptyDraft,
  emptyKept,
  fromPackage,
  newCriterion,
  newJudge,
  newMember,
  newPrize,
  newRound,
  newTeam,
  resolveKeys,
  scoringKey,
  slugOf,
  toPackage,
  type Draft,
  type DraftRound,
  type DraftTeam,
  type Kept,
  type RoundKind,
} from './draft';
import { buildAnchors, groupByAnchor, mergeFresh, type Mode } from './anchors';
import { wordIssue, type PathIssue } from './issues';

export type { Mode };
export type SaveOutcome = 'saved' | 'invalid' | 'needsReason' | 'failed';

/** An issue where the page shows it: `anchor` is the path of the field (or row) it sits beside. */
export interface PlacedIssue extends PathIssue {
  anchor: string;
  source: 'local' | 'server';
}

/** An issue of the server's error answer. */
type ServerIssue = Pick<Issue, 'path' | 'code' | 'message'>;

/** `rounds.0.title` → `f-rounds-0-title`: the id of the field a path names. */
export const fieldId = (path: string): string => `f-${path.replaceAll('.', '-') || 'top'}`;
/** The id of the issues shown beside that field. */
export const issueId = (path: string): string => `e-${path.replaceAll('.', '-') || 'top'}`;

function move<T>(list: T[], index: number, delta: number) {
  const to = index + delta;
  if (to < 0 || to >= list.length) return;
  const [item] = list.splice(index, 1);
  if (item !== undefined) list.splice(to, 0, item);
}

export class ContestEditor {
  readonly mode: Mode;
  readonly initial: ContestPackage | null;
  readonly kept: Kept;
  /** The draft as loaded, to put back what the server refuses to change. */
  readonly pristine: Draft;
  /** Set when the server says the contest has marks, too. */
  hasMarks = $state(false);

  draft: Draft = $state(emptyDraft());
  keys = $derived(resolveKeys(this.draft));
  pkg = $derived.by(() => toPackage(this.draft, this.kept, this.keys));
  slug = $derived(slugOf(this.draft));
  readonly #initialJson: string;
  readonly #initialScoring: string;
  dirty = $derived.by(() => JSON.stringify(this.pkg) !== this.#initialJson);
  scoringChanged = $derived.by(() => this.mode === 'edit' && scoringKey(this.pkg) !== this.#initialScoring);

  /** The issues of the last check of the draft against the schema. */
  rawIssues = $state.raw<readonly z.core.$ZodIssue[]>([]);
  /** Fields the organizer has left: their issues show. After a save attempt every issue shows. */
  touched = new SvelteSet<string>();
  showAll = $state(false);
  /** The organizer tried to save (or asked for the list): the summary of issues shows. */
  attempted = $state(false);
  server = $state.raw<ServerIssue[]>([]);
  /** A failure that concerns no field (network, server error). */
  failure = $state<unknown>(null);
  saving = $state(false);
  /** Registrations that arrived while the organizer was editing, kept by the last save. */
  arrived = $state(0);
  /** True once the page is left on purpose (after saving): no "unsaved changes" question. */
  leaving = false;

  anchors = $derived.by(() => buildAnchors(this.draft, this.mode));

  constructor(mode: Mode, detail?: { package: ContestPackage; hasMarks: boolean }) {
    this.mode = mode;
    this.initial = detail?.package ?? null;
    this.hasMarks = detail?.hasMarks ?? false;
    if (detail) {
      const loaded = fromPackage(detail.package);
      this.draft = loaded.draft;
      this.kept = loaded.kept;
      // A saved contest is valid: what the organizer breaks shows at once.
      this.showAll = true;
    } else {
      this.kept = emptyKept();
    }
    this.pristine = $state.snapshot(this.draft);
    const pkg = toPackage(this.draft, this.kept, resolveKeys(this.draft));
    this.#initialJson = JSON.stringify(pkg);
    this.#initialScoring = scoringKey(pkg);
    this.check();
  }

  /** Checks the draft against the package schema; true when it passes. */
  check(): boolean {
    const result = contestPackageSchema.safeParse(this.pkg);
    this.rawIssues = result.success ? [] : result.error.issues;
    return result.success;
  }

  /** The path of the field (or row, or list) that shows an issue of `path`; '' for the top. */
  anchor(path: string): string {
    if (path === 'registration') return 'registration.deadline';
    const segments = path.split('.');
    while (segments.length > 0) {
      const candidate = segments.join('.');
      if (this.anchors.has(candidate)) return candidate;
      segments.pop();
    }
    return '';
  }

  /** Every issue shown, local and from the server, in the order of the page. */
  issues = $derived.by((): PlacedIssue[] => {
    const t = locale.t;
    const placed: PlacedIssue[] = [];
    for (const raw of this.rawIssues) {
      const issue = wordIssue(raw, locale.lang, t);
      const anchor = this.anchor(issue.path);
      if (this.showAll || this.touched.has(anchor)) placed.push({ ...issue, anchor, source: 'local' });
    }
    for (const s of this.server)
      placed.push({ path: s.path, code: s.code, message: this.wordServer(s, t), anchor: this.anchor(s.path), source: 'server' });
    // In the order of the page; what has no field of its own comes first.
    const rank = (issue: PlacedIssue) => this.anchors.get(issue.anchor) ?? -1;
    return placed.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path, 'en', { numeric: true }));
  });

  byAnchor = $derived(groupByAnchor(this.issues));

  /** The issues shown beside the field of `path`. */
  at(path: string): PlacedIssue[] {
    return this.byAnchor.get(path) ?? [];
  }

  /** aria-describedby of a field: its hint and its issues. */
  describedBy(path: string, hint?: string): string | undefined {
    const ids = [hint, this.at(path).length > 0 ? issueId(path) : undefined].filter(Boolean);
    return ids.length > 0 ? ids.join(' ') : undefined;
  }

  /** The organizer left the field of `path`. */
  touch(path: string) {
    this.touched.add(path);
  }

  /** The organizer changed the field of `path`: the server's word on it no longer holds. */
  edited(path: string) {
    if (this.server.some((s) => this.anchor(s.path) === path))
      this.server = this.server.filter((s) => this.anchor(s.path) !== path);
  }

  private wordServer(s: ServerIssue, t: Messages): string {
    if (s.code === 'CHANGE_NOT_ALLOWED') return this.explainNotAllowed(s.path, t);
    if (s.code in ERRORS && !s.message) return ERRORS[s.code as keyof typeof ERRORS][locale.lang];
    return s.message;
  }

  /** Why the server refuses a change once there are marks, in plain words. */
  explainNotAllowed(path: string, t: Messages): string {
    const w = t.editor.notAllowed;
    const segments = path.split('.');
    const last = segments[segments.length - 1] ?? '';
    const list = segments.length === 1 ? last : '';
    if (list === 'rounds' || list === 'teams' || list === 'judges' || list === 'prizes') return w.removed[list];
    if (last === 'criteria') return w.removed.criteria;
    if (last === 'questions') return w.removed.questions;
    if (last === 'kind') return w.kind;
    const old = this.pristineValue(path);
    if (last === 'max') return w.max(old ? locale.number(Number(old)) : '');
    if (last === 'step') return w.step(old ? locale.number(Number(old)) : '');
    return w.other;
  }

  /** The value a scale field had when loaded (matched by round and criterion uid). */
  private pristineValue(path: string): string | undefined {
    const m = /^rounds\.(\d+)(?:\.criteria\.(\d+))?\.(max|step)$/.exec(path);
    if (!m) return undefined;
    const round = this.draft.rounds[Number(m[1])];
    const was = this.pristine.rounds.find((r) => r.uid === round?.uid);
    if (!round || !was) return undefined;
    const field = m[3] as 'max' | 'step';
    if (m[2] === undefined) return was[field];
    const criterion = round.criteria[Number(m[2])];
    return was.criteria.find((c) => c.uid === criterion?.uid)?.[field];
  }

  /** Puts back what the server refused to change (a removed row, a kind, a scale). */
  revert(path: string) {
    const p = this.pristine;
    const restoreRows = <R extends { uid: string }>(now: R[], was: readonly R[]) => {
      was.forEach((row, i) => {
        if (!now.some((r) => r.uid === row.uid)) now.splice(Math.min(i, now.length), 0, structuredClone(row));
      });
    };
    const m = /^rounds\.(\d+)(?:\.criteria\.(\d+))?(?:\.(\w+))?$/.exec(path);
    if (path === 'rounds') restoreRows(this.draft.rounds, p.rounds);
    else if (path === 'prizes') restoreRows(this.draft.prizes, p.prizes);
    else if (path === 'teams') restoreRows(this.draft.teams, p.teams);
    else if (path === 'judges') restoreRows(this.draft.judges, p.judges);
    else if (m) {
      const round = this.draft.rounds[Number(m[1])];
      const was = p.rounds.find((r) => r.uid === round?.uid);
      if (round && was) {
        const field = m[3];
        if (field === 'criteria') restoreRows(round.criteria, was.criteria);
        else if (field === 'kind') round.kind = was.kind;
        else if ((field === 'max' || field === 'step') && m[2] === undefined) round[field] = was[field];
        else if (field === 'max' || field === 'step') {
          const criterion = round.criteria[Number(m[2])];
          const old = was.criteria.find((c) => c.uid === criterion?.uid);
          if (criterion && old) criterion[field] = old[field];
        }
      }
    }
    this.server = this.server.filter((s) => s.path !== path);
  }

  /** Whether the server can put back what `path` names. */
  canRevert(path: string): boolean {
    return /^(rounds|prizes|teams|judges)$|^rounds\.\d+\.(criteria|kind|max|step)$|^rounds\.\d+\.criteria\.\d+\.(max|step)$/.test(
      path,
    );
  }

  /** A row the server already has may not be removed once there are marks. */
  canRemove(row: { saved: boolean }): boolean {
    return !(this.hasMarks && row.saved);
  }

  // --- Lists ---------------------------------------------------------------------------------

  addRound(kind: RoundKind = 'rubric'): DraftRound {
    const round = newRound(kind);
    this.draft.rounds.push(round);
    return round;
  }
  removeRound(index: number) {
    const [round] = this.draft.rounds.splice(index, 1);
    if (!round) return;
    this.draft.tiebreak = this.draft.tiebreak.filter((uid) => uid !== round.uid);
    for (const prize of this.draft.prizes) if (prize.round === round.uid) prize.round = '';
    this.touch('rounds');
  }
  moveRound(index: number, delta: number) {
    move(this.draft.rounds, index, delta);
  }
  setKind(round: DraftRound, kind: RoundKind) {
    round.kind = kind;
    if (kind === 'rubric' && round.criteria.length === 0) round.criteria.push(newCriterion());
  }
  addCriterion(round: DraftRound) {
    round.criteria.push(newCriterion());
  }
  removeCriterion(round: DraftRound, index: number) {
    round.criteria.splice(index, 1);
    this.touch(`rounds.${this.draft.rounds.indexOf(round)}.criteria`);
  }
  moveCriterion(round: DraftRound, index: number, delta: number) {
    move(round.criteria, index, delta);
  }

  addPrize() {
    this.draft.prizes.push(newPrize());
  }
  removePrize(index: number) {
    this.draft.prizes.splice(index, 1);
  }
  movePrize(index: number, delta: number) {
    move(this.draft.prizes, index, delta);
  }

  addTeam(): DraftTeam {
    const team = newTeam();
    this.draft.teams.push(team);
    return team;
  }
  removeTeam(index: number) {
    const [team] = this.draft.teams.splice(index, 1);
    if (!team) return;
    for (const judge of this.draft.judges) judge.conflicts = judge.conflicts.filter((uid) => uid !== team.uid);
  }
  addMember(team: DraftTeam) {
    team.members.push(newMember());
  }
  removeMember(team: DraftTeam, index: number) {
    team.members.splice(index, 1);
  }

  addJudge() {
    this.draft.judges.push(newJudge());
  }
  removeJudge(index: number) {
    this.draft.judges.splice(index, 1);
  }

  /** Adds a unit unless the list has it (ignoring case); false when it was there or blank. */
  addUnit(text: string): boolean {
    const unit = text.normalize('NFC').trim();
    if (unit === '' || this.draft.units.some((u) => u.toLowerCase() === unit.toLowerCase())) return false;
    this.draft.units.push(unit);
    this.touch('units');
    return true;
  }
  removeUnit(index: number) {
    this.draft.units.splice(index, 1);
  }
  /** Adds the units a file listed; returns how many were new. */
  mergeUnits(units: readonly string[]): number {
    return units.filter((u) => this.addUnit(u)).length;
  }

  /** The organizer typed a key: it stops following the title (until the field is left empty). */
  setKey(row: { key: string; autoKey: boolean }, value: string) {
    row.key = value;
    row.autoKey = false;
  }
  leaveKey(row: { key: string; autoKey: boolean; saved: boolean }) {
    if (row.key.trim() === '' && !row.saved) row.autoKey = true;
  }
  setSlug(value: string) {
    this.draft.slug = value;
    this.draft.autoSlug = false;
  }
  leaveSlug() {
    if (this.draft.slug.trim() === '') this.draft.autoSlug = true;
  }

  // --- Saving --------------------------------------------------------------------------------

  /**
   * Creates the contest, or saves the edit (with `reason` when the server asked for one).
   * On success the page goes to the contest.
   */
  async save(reason?: string): Promise<SaveOutcome> {
    if (this.saving) return 'failed';
    this.showAll = true;
    this.attempted = true;
    this.server = [];
    this.failure = null;
    if (!this.check()) return 'invalid';
    this.saving = true;
    const title = this.draft.title.trim();
    try {
      if (this.mode === 'create') {
        const created = await editorApi.create(this.pkg);
        this.leaving = true;
        flash.afterNavigation((m) => m.editor.created(title));
        await goto(resolve('/(console)/contests/[slug]', { slug: created.slug }));
      } else {
        const slug = this.initial?.slug ?? this.slug;
        const fresh = await this.withFresh(this.pkg);
        await editorApi.update(slug, fresh.pkg, fresh.revision, reason);
        this.leaving = true;
        const arrived = this.arrived;
        flash.afterNavigation((m) =>
          arrived > 0 ? `${m.editor.saved(title)} ${m.editor.arrived(arrived)}` : m.editor.saved(title),
        );
        await goto(resolve('/(console)/contests/[slug]', { slug }), { invalidateAll: true });
      }
      return 'saved';
    } catch (err) {
      return this.fail(err);
    } finally {
      this.saving = false;
    }
  }

  private fail(err: unknown): SaveOutcome {
    if (!(err instanceof ApiError)) {
      this.failure = err;
      return 'failed';
    }
    const strip = (path: string) => path.replace(/^package\.?/, '');
    if (err.code === 'CHANGE_NEEDS_REASON') {
      this.hasMarks = true;
      return 'needsReason';
    }
    if (err.status === 400 && err.issues.length > 0) {
      this.server = err.issues.map((i) => ({ path: strip(i.path), code: i.code, message: i.message }));
      return 'failed';
    }
    if (err.code === 'CHANGE_NOT_ALLOWED') this.hasMarks = true;
    if (
      err.code === 'SLUG_TAKEN' ||
      (err.path !== undefined && err.code !== 'SLUG_MISMATCH' && this.anchor(strip(err.path)) !== '')
    ) {
      const path = err.code === 'SLUG_TAKEN' ? 'slug' : strip(err.path ?? '');
      // The table's wording follows a language switch; a field's own detail keeps the server's words.
      this.server = [{ path, code: err.code, message: err.code in ERRORS ? '' : err.message }];
      return 'failed';
    }
    this.failure = err;
    return 'failed';
  }

  /**
   * What changed on the server while the organizer was editing is kept: quiz questions (edited on
   * the question bank page), teams' registration status, and registrations that arrived meanwhile.
   */
  private async withFresh(pkg: Record<string, unknown>): Promise<{ pkg: Record<string, unknown>; revision: string }> {
    this.arrived = 0;
    // Without the latest version nothing is saved: a blind save could undo a registration or a draw.
    const latest = await editorApi.contest(this.initial?.slug ?? this.slug);
    const merged = this.initial ? mergeFresh(pkg, latest.package, this.initial) : { pkg, arrived: 0 };
    this.arrived = merged.arrived;
    return { pkg: merged.pkg, revision: latest.revision };
  }
}
