/**
 * Paper answers in the host's console: with a question open, the form lists every team that has
 * not answered, each with a choice picker; the host picks two teams' answers and saves once; both
 * are recorded (the answered chips turn, the form no longer lists them), and at the close they
 * score.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSuite, DEMO_SEED, DEMO_SLUG, HOST_ACCOUNT, importPackage, type RunningServer } from './harness.js';

const EXPECTED_HTTP = /^Failed to load resource: the server responded with a status of (401)\b/;

interface SeedQuiz {
  kind: string;
  questions?: { key: string; answer: number }[];
}

describe('paper answers: the host enters several teams’ answers in one form', () => {
  let suite: BrowserSuite;
  let server: RunningServer;
  let host: Page;
  let tokens: Record<string, string> = {};
  const seed = JSON.parse(readFileSync(DEMO_SEED, 'utf8')) as { rounds: SeedQuiz[] };
  const right = seed.rounds.find((r) => r.kind === 'quiz')!.questions!.find((q) => q.key === 'c1')!.answer;
  const wrong = (right + 1) % 4;
  const LETTERS = ['A', 'B', 'C', 'D'];
  const row = (team: string) => host.locator(`[data-testid=quiz-paper-team][data-team=${team}]`);

  beforeAll(async () => {
    suite = await BrowserSuite.start(EXPECTED_HTTP);
    server = suite.server;
    const body = await importPackage(server, DEMO_SEED);
    tokens = Object.fromEntries(body.teams.map((t) => [t.key, t.token]));
    host = await suite.open('', { width: 1366, height: 1000 });
  });

  afterAll(() => suite?.close());

  it('lists the teams without an answer, saves two picked answers at once, and scores them at the close', async () => {
    await host.goto(`${server.url}/login?next=/host/${DEMO_SLUG}`);
    await host.fill('#email', HOST_ACCOUNT.email);
    await host.fill('#password', HOST_ACCOUNT.password);
    await host.click('button[type=submit]');
    await host.waitForURL(`**/host/${DEMO_SLUG}`);
    await host.locator('[data-testid=host][data-live=true]').waitFor();
    await host.click('[data-testid=round-tab][data-round=kien-thuc]');
    await host.click('[data-testid=quiz-open]');
    await host.locator('[data-testid=quiz-detail][data-state=open]').waitFor();

    // One team answers from its own phone: the form does not list it.
    const own = await fetch(`${server.url}/api/contests/${DEMO_SLUG}/quiz/kien-thuc/c1/answers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens['sgtvt']}` },
      body: JSON.stringify({ choice: right }),
    });
    expect(own.status).toBe(200);
    await host.locator('[data-testid=quiz-team][data-team=sgtvt][data-answered=true]').waitFor();

    await host.click('[data-testid=quiz-paper] summary');
    await row('bhxh').waitFor();
    expect(await host.locator('[data-testid=quiz-paper-team]').count()).toBe(19);
    expect(await row('sgtvt').count()).toBe(0);
    expect(await host.locator('[data-testid=quiz-paper-submit]').isDisabled()).toBe(true);

    await row('bhxh').locator('label', { hasText: LETTERS[right]! }).click();
    await row('kbnn').locator('label', { hasText: LETTERS[wrong]! }).click();
    // A team picked, then set back to "—", is not sent.
    await row('noi-vu').locator('label', { hasText: LETTERS[right]! }).click();
    await row('noi-vu').locator('label', { hasText: '—' }).click();
    expect(await host.locator('[data-testid=quiz-paper-submit]').textContent()).toContain('Lưu 2 đáp án');
    await host.click('[data-testid=quiz-paper-submit]');
    await host.locator('[data-testid=quiz-paper-saved]', { hasText: 'Đã lưu đáp án của 2 đội.' }).waitFor();

    await host.locator('[data-testid=quiz-team][data-team=bhxh][data-answered=true]').waitFor();
    await host.locator('[data-testid=quiz-team][data-team=kbnn][data-answered=true]').waitFor();
    expect(await host.locator('[data-testid=quiz-team][data-team=noi-vu]').getAttribute('data-answered')).toBe('false');
    await host.locator('[data-testid=quiz-paper-team]').nth(16).waitFor();
    expect(await host.locator('[data-testid=quiz-paper-team]').count()).toBe(17);

    await host.click('[data-testid=quiz-close]');
    await host.locator('[data-testid=quiz-detail][data-state=closed]').waitFor();
    const board = (await (await fetch(`${server.url}/api/contests/${DEMO_SLUG}/scoreboard`)).json()) as {
      rows: { team: string; rounds: Record<string, number | null> }[];
    };
    const score = (team: string) => board.rows.find((r) => r.team === team)!.rounds['kien-thuc'];
    expect([score('bhxh'), score('kbnn'), score('sgtvt'), score('noi-vu')]).toEqual([10, 0, 10, 0]);
    expect(suite.problems).toEqual([]);
  });
});
