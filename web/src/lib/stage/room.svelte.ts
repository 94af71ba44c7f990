/**
 * One screen's view of the live room: the contest's public facts (titles and names, fixed for
 * the evening) and the live state from the hub (board, stage, timer), with a clock that ticks
 * so countdowns move. Every page of the room (host, big screen, phone, overlay) builds on it.
 */
import type { PublicContest } from '$contract/api';
import type { Stage } from '$contract/judging';
import type { ScoreboardBody } from '$contract/results';
import { LiveClient } from '$lib/live.svelte';
import { indexBy } from './index-by';
import { timerLevel, timerState, type TimerLevel, type TimerState } from './format';

export type ContestRound = PublicContest['rounds'][number];
export type ContestTeam = PublicContest['teams'][number];
export type ContestPrize = PublicContest['prizes'][number];
export type BoardRow = ScoreboardBody['rows'][number];

const TICK_MS = 200;

export class Room {
  readonly contest: PublicContest;
  readonly live: LiveClient;
  readonly teams: ReadonlyMap<string, ContestTeam>;
  readonly rounds: ReadonlyMap<string, ContestRound>;
  readonly prizes: ReadonlyMap<string, ContestPrize>;
  /** This clock, refreshed a few times a second while the room is open. */
  now = $state(Date.now());

  #tick: ReturnType<typeof setInterval> | null = null;

  constructor(contest: PublicContest) {
    this.contest = contest;
    this.live = new LiveClient(contest.slug);
    this.teams = indexBy(contest.teams);
    this.rounds = indexBy(contest.rounds);
    this.prizes = indexBy(contest.prizes);
  }

  start(): void {
    this.live.start();
    this.#tick = setInterval(() => (this.now = Date.now()), TICK_MS);
  }

  stop(): void {
    this.live.stop();
    if (this.#tick) clearInterval(this.#tick);
    this.#tick = null;
  }

  /** True only while the socket is open and up to date: anything else is shown as not live. */
  get isLive(): boolean {
    return this.live.status === 'live';
  }

  get board(): ScoreboardBody | null {
    return this.live.scoreboard;
  }

  get stage(): Stage | null {
    return this.live.stage;
  }

  get stageTeam(): ContestTeam | null {
    const key = this.live.stage?.team;
    return key ? (this.teams.get(key) ?? null) : null;
  }

  get stageRound(): ContestRound | null {
    const key = this.live.stage?.round;
    return key ? (this.rounds.get(key) ?? null) : null;
  }

  /** The knowledge round of the moment: the question's, else the one on stage, else the contest's first. */
  get quizRound(): ContestRound | null {
    const q = this.live.quiz;
    if (q) return this.rounds.get(q.round) ?? null;
    if (this.stageRound?.kind === 'quiz') return this.stageRound;
    return this.contest.rounds.find((r) => r.kind === 'quiz') ?? null;
  }

  /** Milliseconds left on the round timer by the server's clock; null when there is no timer. */
  get remaining(): number | null {
    const stage = this.live.stage;
    return stage ? this.live.remaining(stage.timer, this.now) : null;
  }

  get timerLevel(): TimerLevel {
    return timerLevel(this.remaining);
  }

  get timerState(): TimerState {
    const stage = this.live.stage;
    return stage ? timerState(stage.timer, this.remaining) : 'none';
  }

  row(team: string | null | undefined): BoardRow | null {
    if (!team) return null;
    return this.live.scoreboard?.rows.find((r) => r.team === team) ?? null;
  }

  /** The round score of the team on stage, once released; null while it is sealed or pending. */
  get stageScore(): number | null {
    const stage = this.live.stage;
    if (!stage?.round || !stage.team) return null;
    return this.row(stage.team)?.rounds[stage.round] ?? null;
  }

  /** The first prize the audience votes for, if the contest has one. */
  get audiencePrize(): ContestPrize | null {
    return this.contest.prizes.find((p) => p.kind === 'audience') ?? null;
  }

  teamName(key: string): string {
    return this.teams.get(key)?.name ?? key;
  }
}
