/**
 * A team's own page: who the team is, the question open now (from the live hub of its contest),
 * and the team's answers. The server keeps the answers, so a reload asks it again
 * (GET /api/team/me) and the page shows the same choice, locked.
 */
import type { LiveQuestion, TeamMe } from '$contract/quiz';
import { ApiError } from '$lib/api';
import { stageApi } from '$lib/stage/api';
import { Room } from '$lib/stage/room.svelte';
import { quizApi } from './api';
import { phaseOf, questionId, remainingOf, type QuizPhase } from './phase';

export type TeamView = 'loading' | 'ready' | 'nosession' | 'failed';

export type MyAnswer = Pick<TeamMe['answers'][number], 'choice' | 'answeredAt'>;

export class TeamQuiz {
  view = $state<TeamView>('loading');
  failure = $state<unknown>(null);
  me = $state.raw<TeamMe | null>(null);
  room = $state.raw<Room | null>(null);
  /** The team's answers, by `round/question`. */
  answers = $state<Record<string, MyAnswer>>({});
  sending = $state(false);
  /** The last refusal of an answer, and the question it was for. */
  error = $state<{ question: string; err: unknown } | null>(null);

  async load(): Promise<void> {
    this.view = 'loading';
    this.failure = null;
    try {
      const me = await quizApi.teamMe();
      this.remember(me);
      if (!this.room) {
        const contest = await stageApi.publicContest(me.contest.slug);
        const room = new Room(contest);
        room.start();
        this.room = room;
      }
      this.view = 'ready';
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) this.view = 'nosession';
      else {
        this.failure = err;
        this.view = 'failed';
      }
    }
  }

  stop(): void {
    this.room?.stop();
  }

  #refreshed: string[] = [];

  /**
   * Asks the server once per question for the team's answers, e.g. when a question closes with
   * no answer known here: the host may have entered it for the team.
   */
  async refreshFor(id: string): Promise<void> {
    if (this.#refreshed.includes(id)) return;
    this.#refreshed.push(id);
    try {
      this.remember(await quizApi.teamMe());
    } catch {
      // Keep what is shown; the next reload asks again.
    }
  }

  private remember(me: TeamMe): void {
    const sameTeam = this.me?.contest.slug === me.contest.slug && this.me.team.key === me.team.key;
    this.me = me;
    const fromServer = Object.fromEntries(
      me.answers.map((a) => [questionId(a.round, a.question), { choice: a.choice, answeredAt: a.answeredAt }]),
    );
    // An answer is never taken back, so for the same team what the server says is added to what
    // this phone knows: a read sent before an answer was stored, answering after it, loses nothing.
    this.answers = sameTeam ? { ...this.answers, ...fromServer } : fromServer;
  }

  /** This clock corrected to the server's, ticking a few times a second. */
  get serverNow(): number {
    const room = this.room;
    return room ? room.now + room.live.clockOffset : Date.now();
  }

  get question(): LiveQuestion | null {
    return this.room?.live.quiz ?? null;
  }

  get phase(): QuizPhase | null {
    const q = this.question;
    return q ? phaseOf(q, this.serverNow) : null;
  }

  get remaining(): number | null {
    const q = this.question;
    return q ? remainingOf(q, this.serverNow) : null;
  }

  get mine(): MyAnswer | null {
    const q = this.question;
    return q ? (this.answers[questionId(q.round, q.question)] ?? null) : null;
  }

  get active(): boolean {
    return this.me?.team.status === 'active';
  }

  /** The refusal to show under the current question, if it was for this one. */
  get currentError(): unknown {
    const q = this.question;
    return q && this.error?.question === questionId(q.round, q.question) ? this.error.err : null;
  }

  async answer(choice: number): Promise<boolean> {
    const q = this.question;
    const me = this.me;
    if (!q || !me || this.sending) return false;
    const id = questionId(q.round, q.question);
    this.sending = true;
    this.error = null;
    try {
      const res = await quizApi.answer(me.contest.slug, q.round, q.question, choice);
      this.answers[id] = { choice: res.choice, answeredAt: res.answeredAt };
      return true;
    } catch (err) {
      this.error = { question: id, err };
      // Another device of the team (or the host) answered first: show the answer that counts.
      if (err instanceof ApiError && err.code === 'ALREADY_ANSWERED') {
        try {
          this.remember(await quizApi.teamMe());
        } catch {
          // The refusal is shown; the stored answer appears on the next reload.
        }
      }
      return false;
    } finally {
      this.sending = false;
    }
  }
}
