/**
 * The host's console: which round the running order shows, the actions of the run of show
 * (stage, timer, scene, lock, freeze, reveal) with one action in flight at a time, and the
 * board exactly as the audience sees it, for the preview.
 */
import type { PublicContest } from '$contract/api';
import type { Progress, Scene } from '$contract/judging';
import type { Judge } from '$contract/package';
import type { LockBody, RevealCheck, RevealState, RoundLockResult, ScoreboardBody } from '$contract/results';
import { stageApi } from '$lib/stage/api';
import { resultIssuesOf } from '$lib/stage/closing';
import { LatestOnly } from '$lib/latest-only';
import { indexBy } from '$lib/stage/index-by';
import { Room, type ContestTeam } from '$lib/stage/room.svelte';

/** A judge of the package as the console shows it: no title is null. */
export type JudgeInfo = Pick<Judge, 'key' | 'name'> & { title: string | null };
export type TeamProgress = Progress['teams'][number];
export type Action = 'stage' | 'timer' | 'scene' | 'lock' | 'unlock' | 'freeze' | 'unfreeze' | 'reveal';
/** An action's outcome, for the dialogs that show their own failure. */
export type Outcome = { ok: true } | { ok: false; error: unknown };

const PREVIEW_DELAY_MS = 120;

export class HostConsole {
  readonly room: Room;
  readonly slug: string;
  readonly judges: ReadonlyMap<string, JudgeInfo>;
  /** The round picked in the tabs; until then, the stage's round. */
  picked = $state<string | null>(null);
  /** Progress of the picked round when it is not the stage's (the hub sends only that one). */
  fetched = $state.raw<Progress | null>(null);
  /** The board as the audience sees it (no session cookie sent). */
  publicBoard = $state.raw<ScoreboardBody | null>(null);
  busy = $state<Action | null>(null);
  failure = $state<unknown>(null);
  lastReveal = $state.raw<RevealState | null>(null);
  /** The reveal's checklist (GET reveal/check), or the issues of a refused first step. */
  check = $state.raw<RevealCheck | null>(null);
  /** The answer of the last whole-round lock, for its summary. */
  lastRoundLock = $state.raw<RoundLockResult | null>(null);

  #previewTimer: ReturnType<typeof setTimeout> | null = null;
  // Each of these loads keeps only its last request's answer (see LatestOnly).
  #progressLoads = new LatestOnly();
  #boardLoads = new LatestOnly();
  #checkLoads = new LatestOnly();

  constructor(contest: PublicContest, judges: JudgeInfo[]) {
    this.room = new Room(contest);
    this.slug = contest.slug;
    this.judges = indexBy(judges);
  }

  start(): void {
    this.room.start();
  }

  stop(): void {
    this.room.stop();
    if (this.#previewTimer) clearTimeout(this.#previewTimer);
  }

  get contest(): PublicContest {
    return this.room.contest;
  }

  /** The round whose running order is shown. */
  get round(): string | null {
    return this.picked ?? this.room.stage?.round ?? this.contest.rounds[0]?.key ?? null;
  }

  get progress(): Progress | null {
    const round = this.round;
    const live = this.room.live.progress;
    if (live && live.round === round) return live;
    return this.fetched?.round === round ? this.fetched : null;
  }

  /** Teams in the contest's order; withdrawn ones stay listed but cannot be called. */
  get order(): ContestTeam[] {
    return this.contest.teams;
  }

  get callable(): ContestTeam[] {
    return this.contest.teams.filter((t) => t.status === 'active');
  }

  /** The team on stage, when the stage is in the round shown. */
  get onStageHere(): string | null {
    const stage = this.room.stage;
    return stage && stage.round === this.round ? stage.team : null;
  }

  /** Progress of any round the console knows: the stage's (live) or the one shown. */
  progressOf(round: string): Progress | null {
    const live = this.room.live.progress;
    if (live && live.round === round) return live;
    return this.fetched?.round === round ? this.fetched : null;
  }

  teamProgress(team: string | null | undefined, progress = this.progress): TeamProgress | null {
    if (!team) return null;
    return progress?.teams.find((t) => t.team === team) ?? null;
  }

  /** Progress of the team on stage, in the stage's round (live from the hub). */
  get stageProgress(): TeamProgress | null {
    const stage = this.room.stage;
    const live = this.room.live.progress;
    if (!stage?.team || !live || live.round !== stage.round) return null;
    return this.teamProgress(stage.team, live);
  }

  judgeName(key: string): string {
    return this.judges.get(key)?.name ?? key;
  }

  selectRound(key: string): void {
    this.picked = key;
    if (key !== this.room.stage?.round) void this.loadProgress(key);
  }

  async loadProgress(round: string): Promise<void> {
    // An earlier answer (another round picked before, or a refresh's) arriving later must not
    // replace this one, or the round shown would lose its progress.
    await this.#progressLoads.run(
      () => stageApi.progress(this.slug, round),
      (progress) => (this.fetched = progress),
      (err) => (this.failure = err),
    );
  }

  private async act(action: Action, run: () => Promise<unknown>): Promise<boolean> {
    const outcome = await this.attempt(action, run);
    if (!outcome.ok && outcome.error !== null) this.failure = outcome.error;
    return outcome.ok;
  }

  /** One action at a time; its failure is returned, not shown at the top of the console. */
  private async attempt(action: Action, run: () => Promise<unknown>): Promise<Outcome> {
    if (this.busy) return { ok: false, error: null };
    this.busy = action;
    this.failure = null;
    try {
      await run();
      return { ok: true };
    } catch (err) {
      return { ok: false, error: err };
    } finally {
      this.busy = null;
    }
  }

  putOnStage(team: string | null): Promise<boolean> {
    const round = this.round;
    return this.act('stage', () => stageApi.setStage(this.slug, team === null ? null : round, team));
  }

  /** The previous or next callable team of the round shown, from the one on stage. */
  neighbour(dir: 1 | -1): ContestTeam | null {
    const list = this.callable;
    if (list.length === 0) return null;
    const here = this.onStageHere;
    const i = here ? list.findIndex((t) => t.key === here) : -1;
    if (i < 0) return dir > 0 ? (list[0] ?? null) : (list[list.length - 1] ?? null);
    return list[i + dir] ?? null;
  }

  step(dir: 1 | -1): void {
    const next = this.neighbour(dir);
    if (next) void this.putOnStage(next.key);
  }

  timer(action: 'start' | 'pause' | 'reset'): Promise<boolean> {
    return this.act('timer', () => stageApi.timer(this.slug, action));
  }

  toggleTimer(): void {
    const state = this.room.timerState;
    if (state === 'running') void this.timer('pause');
    else if (state === 'ready' || state === 'paused') void this.timer('start');
  }

  setScene(scene: Scene): Promise<boolean> {
    return this.act('scene', () => stageApi.setScene(this.slug, scene));
  }

  /** Locks one team's round; `force` with a reason when some judges have not submitted. */
  async lock(round: string, team: string, opts: LockBody = {}): Promise<Outcome> {
    const outcome = await this.attempt('lock', () => stageApi.lock(this.slug, round, team, opts));
    if (outcome.ok && round !== this.room.stage?.round) await this.loadProgress(round);
    return outcome;
  }

  /** Closes a round for every active team at once (scoring.md §6). */
  async lockRound(round: string, opts: LockBody = {}): Promise<Outcome> {
    this.lastRoundLock = null;
    const outcome = await this.attempt('lock', async () => {
      this.lastRoundLock = await stageApi.lockRound(this.slug, round, opts);
    });
    if (outcome.ok && round !== this.room.stage?.round) await this.loadProgress(round);
    return outcome;
  }

  /** Unlocks a team's round for review, with the reason logged in the minutes. */
  async unlock(round: string, team: string, reason: string): Promise<Outcome> {
    const outcome = await this.attempt('unlock', () => stageApi.unlock(this.slug, round, team, reason));
    if (outcome.ok && round !== this.room.stage?.round) await this.loadProgress(round);
    return outcome;
  }

  /** Round keys of a team's results under review, as the host's board says. */
  review(team: string): readonly string[] {
    return this.room.row(team)?.review ?? [];
  }

  freeze(): Promise<boolean> {
    return this.act('freeze', () => stageApi.freeze(this.slug));
  }

  unfreeze(): Promise<boolean> {
    return this.act('unfreeze', async () => {
      await stageApi.unfreeze(this.slug);
      this.lastReveal = null;
    });
  }

  /**
   * The next step of the reveal. The first one is refused while the results are not final: the
   * checklist then shows the server's issues, and `override` (with a reason) goes ahead.
   */
  async revealNext(override?: { reason: string }): Promise<Outcome> {
    const outcome = await this.attempt('reveal', async () => {
      this.lastReveal = await stageApi.revealNext(this.slug, override);
    });
    if (!outcome.ok) {
      const issues = resultIssuesOf(outcome.error);
      if (issues) {
        // The server's refusal is the newest word: a checklist asked for before it must not replace it.
        this.#checkLoads.invalidate();
        this.check = { ready: false, issues };
      }
      // A plain click shows the refusal at the top; the override dialog shows its own.
      if (!override && outcome.error !== null) this.failure = outcome.error;
    }
    return outcome;
  }

  /** The reveal's checklist, asked again. */
  async loadCheck(): Promise<void> {
    // On failure the checklist keeps its last answer; a refused first step brings the server's issues.
    await this.#checkLoads.run(
      () => stageApi.revealCheck(this.slug),
      (check) => (this.check = check),
    );
  }

  /** Before the first step of the reveal: the checklist is worth asking for. */
  get beforeReveal(): boolean {
    const reveal = this.reveal;
    return !reveal || reveal.pos === 0;
  }

  /** How far the reveal has gone: the hub's word, or the last answer of reveal/next. */
  get reveal(): RevealState | null {
    const board = this.room.board;
    if (board && !board.frozen) return null;
    return board?.reveal ?? this.lastReveal;
  }

  /**
   * After a change from the hub: asks again, soon (changes come in bursts), for the audience's
   * board and, when the running order shows another round than the stage's, for its progress.
   */
  refresh(): void {
    if (this.#previewTimer) clearTimeout(this.#previewTimer);
    this.#previewTimer = setTimeout(() => {
      this.#previewTimer = null;
      // On failure the preview keeps its last board; the connection badge says the rest.
      void this.#boardLoads.run(
        () => stageApi.publicBoard(this.slug),
        (board) => (this.publicBoard = board),
      );
      const round = this.round;
      if (round && round !== this.room.stage?.round) void this.loadProgress(round);
      if (this.beforeReveal) void this.loadCheck();
    }, PREVIEW_DELAY_MS);
  }
}

/** How many judges submitted a sheet, of those who judge (a judge with a conflict does not). */
export function countSubmitted(p: { judges: { status: string }[] } | null): { done: number; total: number } {
  const judges = p?.judges.filter((j) => j.status !== 'conflict') ?? [];
  return { done: judges.filter((j) => j.status === 'submitted').length, total: judges.length };
}
