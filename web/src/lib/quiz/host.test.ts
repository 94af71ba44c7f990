/**
 * The quiz host's console with a fake server (fetch), socket and clock: what the console learns
 * while it reads the question log (its own actions, the hub) is not undone by the log's older word.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QuizRound } from '$contract/package';
import type { LiveQuestion, QuestionState } from '$contract/quiz';
import type { RouteResponse } from '$contract/routes';
import { Room } from '$lib/stage/room.svelte';
import { FakeWebSocket, installBrowser, jsonResponse, uninstallBrowser } from '$lib/testing/browser-fakes';
import { testLiveQuestion, testPublicContest } from '$lib/testing/fixtures';
import { HostQuiz } from './host.svelte';

type RoundState = RouteResponse<'GET /api/contests/:slug/quiz/:round'>;
type Phase = RoundState['questions'][number]['state'];

const OPENED = '2026-12-04T08:00:00.000Z';

const contest = testPublicContest();

/** A quiz round of two questions, a and b. */
const quizRound = (key: string): QuizRound => ({
  key,
  title: `Vòng ${key}`,
  kind: 'quiz',
  weight: 1,
  questions: ['a', 'b'].map((q) => ({ key: q, text: `Câu ${q}?`, choices: ['Một', 'Hai'], answer: 0, points: 10 })),
});
const rounds = [quizRound('q1'), quizRound('q2')];

/** A question the hub shows, open with no time limit. */
const live = (round: string, question: string) => testLiveQuestion(round, question);

/** The server's state of a round: each question's phase, in order. */
const roundState = (round: string, phases: Record<string, Phase>): RoundState => ({
  round,
  questions: Object.entries(phases).map(([key, state]) => ({
    key,
    state,
    openedAt: state === 'ready' ? null : OPENED,
    closesAt: null,
    closedAt: state === 'closed' || state === 'voided' ? OPENED : null,
    voidReason: state === 'voided' ? 'Sai' : null,
    hasImage: false,
    answered: 0,
  })),
});

/** The API as the host's console sees it. */
class FakeServer {
  rounds: Record<string, RoundState> = {
    q1: roundState('q1', { a: 'ready', b: 'ready' }),
    q2: roundState('q2', { a: 'ready', b: 'ready' }),
  };
  /** One-off answers by `METHOD url`, each taken by the next such request (e.g. one held back to arrive late). */
  next: Record<string, Promise<Response>[]> = {};

  readonly fetch = vi.fn(async (url: string, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? 'GET';
    const oneOff = this.next[`${method} ${url}`]?.shift();
    if (oneOff) return oneOff;
    if (url === '/api/time') return jsonResponse(200, { now: Date.now() });
    const round = /^\/api\/contests\/thu\/quiz\/(\w+)$/.exec(url)?.[1];
    const state = round === undefined ? undefined : this.rounds[round];
    if (method === 'GET' && state) return jsonResponse(200, state);
    return jsonResponse(404, { error: { code: 'NOT_FOUND', message: url } });
  });
}

let server: FakeServer;
const started: { stop(): void }[] = [];

/** The host's console opened on the quiz, its live socket showing `onHub`; it reads the log. */
async function startHost(onHub: LiveQuestion): Promise<HostQuiz> {
  const room = new Room(contest);
  room.start();
  started.push(room);
  const ws = FakeWebSocket.last();
  ws.open();
  ws.receive({ type: 'snapshot', seq: 1, view: 'host', quiz: onHub });
  const quiz = new HostQuiz(room, rounds, true);
  quiz.start();
  started.push(quiz);
  await vi.advanceTimersByTimeAsync(0);
  return quiz;
}

/** Holds back the next read of a round's state; the returned function lets it answer. */
function holdRound(round: string): (state: RoundState) => void {
  let answer!: (res: Response) => void;
  server.next[`GET /api/contests/thu/quiz/${round}`] = [new Promise<Response>((resolve) => (answer = resolve))];
  return (state) => answer(jsonResponse(200, state));
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T08:00:00Z') });
  installBrowser();
  server = new FakeServer();
  vi.stubGlobal('fetch', server.fetch);
});
afterEach(() => uninstallBrowser(started));

describe('the quiz host’s question log', () => {
  // Guards loadLog keeping what record() learned while it read: a question voided meanwhile stays voided.
  it('a question the host voids while the log is read stays voided once the log is in', async () => {
    server.rounds.q1 = roundState('q1', { a: 'closed', b: 'open' });
    const answerQ2 = holdRound('q2');
    const quiz = await startHost(live('q1', 'b'));
    // The log has read round q1 and waits for q2.
    expect(server.next['GET /api/contests/thu/quiz/q2']).toEqual([]);
    expect(quiz.fromLog).toBe(false);

    const voided: QuestionState = {
      questionId: 1,
      openedAt: OPENED,
      closesAt: null,
      closedAt: OPENED,
      voidedAt: '2026-12-04T08:00:05.000Z',
      voidReason: 'Sai đáp án',
    };
    server.next['POST /api/contests/thu/quiz/q1/a/void'] = [Promise.resolve(jsonResponse(200, voided))];
    expect(await quiz.void('q1', 'a', 'Sai đáp án')).toBe(true);
    expect(quiz.phase('q1', 'a')).toBe('voided');

    // Round q1 was read before the void: the log still says closed.
    answerQ2(server.rounds.q2!);
    await vi.advanceTimersByTimeAsync(0);
    expect(quiz.fromLog).toBe(true);
    expect(quiz.phase('q1', 'a')).toBe('voided');
    expect(quiz.known['q1/a']?.reason).toBe('Sai đáp án');
    expect(quiz.phase('q1', 'b')).toBe('open');
  });

  // Guards loadLog keeping what observe() learned while it read: the question before the one the hub opened stays closed.
  it('a question closed by the hub’s next question while the log is read stays closed once the log is in', async () => {
    server.rounds.q1 = roundState('q1', { a: 'open', b: 'ready' });
    const answerQ2 = holdRound('q2');
    const quiz = await startHost(live('q1', 'a'));
    expect(server.next['GET /api/contests/thu/quiz/q2']).toEqual([]);
    expect(quiz.fromLog).toBe(false);
    expect(quiz.phase('q1', 'a')).toBe('open');

    // Question b is opened (which closes a on the server) and the hub says so.
    FakeWebSocket.last().receive({ type: 'update', seq: 2, quiz: live('q1', 'b') });
    await vi.advanceTimersByTimeAsync(0);
    expect(quiz.phase('q1', 'a')).toBe('closed');
    expect(quiz.phase('q1', 'b')).toBe('open');

    // Round q1 was read before b opened: the log still says a is open.
    answerQ2(server.rounds.q2!);
    await vi.advanceTimersByTimeAsync(0);
    expect(quiz.fromLog).toBe(true);
    expect(quiz.phase('q1', 'a')).toBe('closed');
    expect(quiz.phase('q1', 'b')).toBe('open');
  });
});
