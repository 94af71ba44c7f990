/**
 * The team's phone with a fake server (fetch), socket and clock: the team's answers are never lost
 * to a read of them that answers late, and a phone signed in as another team shows that team's only.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TeamMe } from '$contract/quiz';
import { FakeWebSocket, installBrowser, jsonResponse, uninstallBrowser } from '$lib/testing/browser-fakes';
import { testLiveQuestion, testPublicContest } from '$lib/testing/fixtures';
import { TeamQuiz } from './team.svelte';

const contest = testPublicContest();

const teamMe = (team: string, answers: TeamMe['answers'] = []): TeamMe => ({
  team: { key: team, name: `Đội ${team}`, unit: 'Đơn vị', status: 'active' },
  contest: { slug: 'thu', title: 'Hội thi thử' },
  answers,
});

/** Question q1/a, opened at the start of the test with 30 s to answer. */
const question = testLiveQuestion('q1', 'a', { choices: ['Một', 'Hai', 'Ba'], closesAt: '2026-12-04T08:00:30.000Z' });

/** The API as the team's phone sees it. */
class FakeServer {
  me: TeamMe = teamMe('t1');
  /** One-off answers by `METHOD url`, each taken by the next such request (e.g. one held back to arrive late). */
  next: Record<string, Promise<Response>[]> = {};

  readonly fetch = vi.fn(async (url: string, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? 'GET';
    const oneOff = this.next[`${method} ${url}`]?.shift();
    if (oneOff) return oneOff;
    if (url === '/api/time') return jsonResponse(200, { now: Date.now() });
    if (url === '/api/team/me' && method === 'GET') return jsonResponse(200, this.me);
    if (url === '/api/contests/thu/public' && method === 'GET') return jsonResponse(200, contest);
    return jsonResponse(404, { error: { code: 'NOT_FOUND', message: url } });
  });
}

let server: FakeServer;
const teams: TeamQuiz[] = [];

/** The team's page loaded, its live socket showing question q1/a open. */
async function startTeam(): Promise<TeamQuiz> {
  const team = new TeamQuiz();
  teams.push(team);
  await team.load();
  const ws = FakeWebSocket.last();
  ws.open();
  ws.receive({ type: 'snapshot', seq: 1, view: 'public', quiz: question });
  await vi.advanceTimersByTimeAsync(0);
  return team;
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T08:00:00Z') });
  installBrowser();
  server = new FakeServer();
  vi.stubGlobal('fetch', server.fetch);
});
afterEach(() => uninstallBrowser(teams));

describe('the team’s answers', () => {
  // Guards TeamQuiz.remember merging for the same team: the deadline's read, sent before the answer was stored, must not erase it.
  it('an answer stored while the deadline’s read of the answers is under way stays when that read answers late', async () => {
    const team = await startTeam();
    expect(team.view).toBe('ready');
    let storeAnswer!: (res: Response) => void;
    let answerRead!: (res: Response) => void;
    server.next['POST /api/contests/thu/quiz/q1/a/answers'] = [new Promise<Response>((resolve) => (storeAnswer = resolve))];
    server.next['GET /api/team/me'] = [new Promise<Response>((resolve) => (answerRead = resolve))];

    // The team answers in the last second; the deadline passes while the answer is on its way.
    await vi.advanceTimersByTimeAsync(29_500);
    const answering = team.answer(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(team.phase).toBe('closed');
    expect(team.mine).toBeNull();
    // What the page does at the deadline with no answer known: ask the server for the team's answers.
    const refreshing = team.refreshFor('q1/a');

    const stored = { choice: 2, answeredAt: '2026-12-04T08:00:29.800Z' };
    storeAnswer(jsonResponse(200, { question: 'q1/a', team: 't1', ...stored }));
    expect(await answering).toBe(true);
    expect(team.mine).toEqual(stored);

    // The read was answered before the answer was stored: it has none.
    answerRead(jsonResponse(200, teamMe('t1')));
    await refreshing;
    expect(server.next['GET /api/team/me']).toEqual([]); // the held-back read was the one answered
    expect(team.mine).toEqual(stored);
    expect(team.answers).toEqual({ 'q1/a': stored });
  });

  // Guards the other half of the merge: answers are merged only for the same team, never carried over to another.
  it('a phone signed in as another team shows that team’s answers only', async () => {
    const answered = { choice: 1, answeredAt: '2026-12-04T08:00:10.000Z' };
    server.me = teamMe('t1', [{ round: 'q1', question: 'a', ...answered }]);
    const team = await startTeam();
    expect(team.mine).toEqual(answered);

    server.me = teamMe('t2');
    await team.load();
    expect(team.me?.team.key).toBe('t2');
    expect(team.answers).toEqual({});
    expect(team.mine).toBeNull();
  });
});
