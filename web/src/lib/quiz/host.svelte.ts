/**
 * The host's side of the knowledge round: which question of the round is shown in the panel,
 * where each question stands (not yet, open, closed, voided), and the actions (open, close,
 * void, an answer entered for a team without a device), one at a time.
 *
 * The hub sends only the question last opened. Where the others stand comes from the server's
 * round state when the page opens, then from what the hub sends.
 */
import { untrack } from 'svelte';
import { own } from '$contract/dict';
import type { QuizQuestion, QuizRound } from '$contract/package';
import type { LiveQuestion, QuestionState } from '$contract/quiz';
import { indexBy } from '$lib/stage/index-by';
import type { Room } from '$lib/stage/room.svelte';
import { Submission } from '$lib/ui/form/submission.svelte';
import { quizApi } from './api';
import { questionId } from './phase';

export type QuestionPhase = 'ready' | 'open' | 'closed' | 'voided';
export type QuizAction = 'open' | 'close' | 'void' | 'answer';

interface Known {
  phase: 'open' | 'closed' | 'voided';
  closesAt: string | null;
  reason: string | null;
}

export class HostQuiz {
  readonly slug: string;
  readonly room: Room;
  readonly rounds: ReadonlyMap<string, QuizRound>;
  known = $state<Record<string, Known>>({});
  /** True once the audit log told where every question stands. */
  fromLog = $state(false);
  /** The question picked in the list, by round; until then the one on screen or the next one. */
  picked = $state<Record<string, string>>({});
  /** The action under way, one at a time. */
  busy = $state<QuizAction | null>(null);
  readonly #sending = new Submission();
  /** The last answer entered for a team, said under the form. */
  entered = $state<{ question: string; team: string; choice: number } | null>(null);

  #last: string | null = null;
  #stopEffects: (() => void) | null = null;

  readonly #readLog: boolean;

  /** The last action's failure, shown until dismissed or another question is picked. */
  get failure(): unknown {
    return this.#sending.failure;
  }
  set failure(err: unknown) {
    this.#sending.failure = err;
  }

  constructor(room: Room, rounds: readonly QuizRound[], readLog: boolean) {
    this.room = room;
    this.#readLog = readLog;
    this.slug = room.contest.slug;
    this.rounds = indexBy(rounds);
  }

  start(): void {
    if (this.#readLog) void this.loadLog();
    this.#stopEffects = $effect.root(() => {
      $effect(() => {
        const q = this.room.live.quiz;
        untrack(() => this.observe(q));
      });
    });
  }

  stop(): void {
    this.#stopEffects?.();
    this.#stopEffects = null;
  }

  get serverNow(): number {
    return this.room.now + this.room.live.clockOffset;
  }

  /** The question on the hub (the last opened), if any. */
  get live(): LiveQuestion | null {
    return this.room.live.quiz;
  }

  /** Where every question of the quiz rounds stands, from the server (staff may read it). */
  private async loadLog(): Promise<void> {
    const known: Record<string, Known> = {};
    try {
      for (const round of this.rounds.keys()) {
        const { questions } = await quizApi.roundState(this.slug, round);
        for (const q of questions) {
          if (q.state === 'ready') continue;
          known[questionId(round, q.key)] = { phase: q.state, closesAt: q.closesAt, reason: q.voidReason };
        }
      }
    } catch {
      return; // The panel knows what it sees from now on.
    }
    // What this console saw while the log was read (its own actions, the hub) is fresher than the
    // log, and what the hub says of the current question is the freshest word.
    this.known = { ...known, ...this.known, ...this.knownFromLive() };
    this.fromLog = true;
  }

  private knownFromLive(): Record<string, Known> {
    const q = this.room.live.quiz;
    if (!q) return {};
    return {
      [questionId(q.round, q.question)]: {
        phase: q.voided ? 'voided' : q.closedAt ? 'closed' : 'open',
        closesAt: q.closesAt,
        reason: q.voidReason,
      },
    };
  }

  private observe(q: LiveQuestion | null): void {
    if (!q) return;
    const id = questionId(q.round, q.question);
    if (this.#last !== id) {
      // Another question was opened: the one before is closed, and the panel follows the new one.
      const prev = this.#last ? this.known[this.#last] : undefined;
      if (this.#last && prev?.phase === 'open') this.known[this.#last] = { ...prev, phase: 'closed' };
      if (this.#last !== null) delete this.picked[q.round];
      this.#last = id;
    }
    Object.assign(this.known, this.knownFromLive());
  }

  phase(round: string, key: string): QuestionPhase {
    const k = this.known[questionId(round, key)];
    if (!k) return 'ready';
    if (k.phase === 'open' && k.closesAt && this.serverNow >= Date.parse(k.closesAt)) return 'closed';
    return k.phase;
  }

  /** The question the panel shows for a round. */
  selected(round: QuizRound): QuizQuestion | null {
    const list = round.questions;
    // Round keys are data ("constructor" is a valid one): only a key this panel picked.
    const key = own(this.picked, round.key);
    const byKey = key ? list.find((q) => q.key === key) : undefined;
    if (byKey) return byKey;
    const live = this.live;
    if (live && live.round === round.key) {
      const q = list.find((x) => x.key === live.question);
      if (q) return q;
    }
    return list.find((q) => this.phase(round.key, q.key) === 'ready') ?? list[0] ?? null;
  }

  pick(round: string, key: string): void {
    this.picked[round] = key;
    this.failure = null;
  }

  /** The hub's view of a question, when it is the current one. */
  liveOf(round: string, key: string): LiveQuestion | null {
    const live = this.live;
    return live && live.round === round && live.question === key ? live : null;
  }

  /** The question open now in any round, other than this one. */
  otherOpen(round: string, key: string): LiveQuestion | null {
    const live = this.live;
    if (!live || (live.round === round && live.question === key)) return null;
    return this.phase(live.round, live.question) === 'open' ? live : null;
  }

  private async act(action: QuizAction, run: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = action;
    try {
      return await this.#sending.run(run);
    } finally {
      this.busy = null;
    }
  }

  private record(round: string, key: string, s: QuestionState): void {
    this.known[questionId(round, key)] = {
      phase: s.voidedAt ? 'voided' : s.closedAt ? 'closed' : 'open',
      closesAt: s.closesAt,
      reason: s.voidReason,
    };
  }

  open(round: string, key: string): Promise<boolean> {
    return this.act('open', async () => {
      const s = await quizApi.open(this.slug, round, key);
      this.record(round, key, s);
      this.picked[round] = key;
      this.entered = null;
    });
  }

  close(round: string, key: string): Promise<boolean> {
    return this.act('close', async () => this.record(round, key, await quizApi.close(this.slug, round, key)));
  }

  void(round: string, key: string, reason: string): Promise<boolean> {
    return this.act('void', async () => this.record(round, key, await quizApi.void(this.slug, round, key, reason)));
  }

  /** Paper answers: several teams' answers to one question, recorded all together or not at all. */
  paperAnswers(round: string, key: string, answers: { team: string; choice: number }[]): Promise<boolean> {
    return this.act('answer', async () => {
      await quizApi.paperAnswers(this.slug, round, key, answers);
      this.entered = null;
    });
  }

  answerFor(round: string, key: string, team: string, choice: number): Promise<boolean> {
    return this.act('answer', async () => {
      await quizApi.answerFor(this.slug, round, key, team, choice);
      this.entered = { question: questionId(round, key), team, choice };
    });
  }
}
