/**
 * The knowledge round in real browsers at once: the host's console (organizer session), the big
 * screen and two team phones, each opened from its own private link. The host opens a question,
 * the screen and the phones show it, one team answers right and one wrong, a second tap from
 * another device of a team is refused, the host closes, the screen shows the correct choice and
 * the counts, and the public scoreboard gives the round's points. Then the question bank reads a
 * CSV file with a bad row and names that row in its preview.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSuite, DEMO_SEED, DEMO_SLUG, importPackage, openHostConsole } from './harness.js';

const ROUND = 'kien-thuc';
const QUESTION = 'c1';
const TEAM1 = 'bhxh';
const TEAM2 = 'kbnn';

/** Chromium's line for a 4xx the pages handle (no session yet, the refused second tap, a bad import). */
const EXPECTED_HTTP = /^Failed to load resource: the server responded with a status of (401|409)\b/;

interface SeedRound {
  key: string;
  kind: string;
  questions?: { key: string; text: string; choices: string[]; answer: number; points: number }[];
}
interface QuizFrame {
  quiz?: { question: string; answer: number | null; counts: number[] | null; closedAt: string | null } | null;
}

describe('quiz: host, big screen and two team phones', () => {
  let suite: BrowserSuite;
  let host: Page;
  let screen: Page;
  let phone1: Page;
  let phone2: Page;
  let teamLinks: Record<string, string> = {};
  const phoneFrames: QuizFrame[] = [];

  const seed = JSON.parse(readFileSync(DEMO_SEED, 'utf8')) as { rounds: SeedRound[] };
  const question = seed.rounds.find((r) => r.key === ROUND)!.questions!.find((q) => q.key === QUESTION)!;
  const correct = question.answer;
  const wrong = correct === 0 ? 1 : 0;

  beforeAll(async () => {
    suite = await BrowserSuite.start(EXPECTED_HTTP);
    const body = await importPackage(suite.server, DEMO_SEED);
    teamLinks = Object.fromEntries(body.teams.map((t) => [t.key, `${suite.server.url}/t/${t.token}`]));
    expect(teamLinks[TEAM1]).toBeTruthy();
    expect(teamLinks[TEAM2]).toBeTruthy();

    host = await suite.open('host', { width: 1366, height: 768 });
    screen = await suite.open('screen', { width: 1920, height: 1080 });
    phone1 = await suite.open('phone1', { width: 390, height: 844 });
    phone2 = await suite.open('phone2', { width: 390, height: 844 });
    phone2.on('websocket', (ws) =>
      ws.on('framereceived', (frame) => {
        if (typeof frame.payload === 'string') phoneFrames.push(JSON.parse(frame.payload) as QuizFrame);
      }),
    );
  });

  afterAll(() => suite?.close());

  it('opens the host console, the big screen, and each team’s page from its link', async () => {
    await openHostConsole(host, suite.server, DEMO_SLUG, {
      email: suite.server.adminEmail,
      password: suite.server.adminPassword,
    });
    await host.click(`[data-testid=round-tab][data-round=${ROUND}]`);
    await host.locator(`[data-testid=quiz-panel][data-round=${ROUND}]`).waitFor();

    await screen.goto(`${suite.server.url}/screen/${DEMO_SLUG}`);
    await screen.locator('[data-testid=screen][data-live=true]').waitFor();

    for (const [page, team, name] of [
      [phone1, TEAM1, 'Đội Bảo hiểm xã hội tỉnh'],
      [phone2, TEAM2, 'Đội Kho bạc Nhà nước Gia Lai'],
    ] as const) {
      await page.goto(teamLinks[team]!);
      // The token leaves the address bar: the page lives at /t.
      await page.waitForURL(`${suite.server.url}/t`);
      await page.locator('[data-testid=team-name]', { hasText: name }).waitFor();
      await page.locator('[data-testid=team-page][data-live=true]').waitFor();
      await page.locator('[data-testid=team-wait]').waitFor();
    }
  });

  it('the host opens the question: the screen shows it and both phones get the buttons', async () => {
    await host.click(`[data-testid=quiz-question][data-question=${QUESTION}]`);
    await host.click('[data-testid=quiz-open]');
    await host.locator(`[data-testid=quiz-detail][data-question=${QUESTION}][data-state=open]`).waitFor();

    await screen.locator(`[data-testid=screen-quiz][data-question=${QUESTION}][data-phase=open]`).waitFor();
    expect(await screen.locator('[data-testid=screen-question]').textContent()).toBe(question.text);
    expect(await screen.locator('[data-testid=screen-choice]').count()).toBe(question.choices.length);
    // Nothing tells the room the answer while the question is open.
    expect(await screen.locator('[data-testid=screen-choice][data-correct=true]').count()).toBe(0);
    expect(await screen.locator('[data-testid=countdown]').getAttribute('data-level')).toBe('ok');

    for (const page of [phone1, phone2]) {
      await page.locator(`[data-testid=team-quiz][data-question=${QUESTION}][data-phase=open]`).waitFor();
      expect(await page.locator('[data-testid=team-choice]:enabled').count()).toBe(question.choices.length);
    }
  });

  it('team 1 answers right, team 2 wrong; each sees its choice confirmed and the buttons lock', async () => {
    // A second device of team 1, open before team 1 answers: its buttons still look free.
    const second = await suite.open('phone1-second', { width: 390, height: 844 }, { context: phone1.context() });
    await second.goto(`${suite.server.url}/t`);
    await second.locator(`[data-testid=team-quiz][data-phase=open] [data-testid=team-choice]:enabled`).first().waitFor();

    await phone1.click(`[data-testid=team-choice][data-choice="${correct}"]`);
    await phone1.locator('[data-testid=team-confirm]', { hasText: `Chọn đáp án ${'ABCDEF'[correct]}?` }).waitFor();
    await phone1.click('[data-testid=team-confirm-ok]');
    await phone1.locator('[data-testid=team-chosen]', { hasText: `Đội đã chọn ${'ABCDEF'[correct]} lúc` }).waitFor();
    expect(await phone1.locator('[data-testid=team-choice]:enabled').count()).toBe(0);

    await phone2.click(`[data-testid=team-choice][data-choice="${wrong}"]`);
    await phone2.click('[data-testid=team-confirm-ok]');
    await phone2.locator('[data-testid=team-chosen]', { hasText: `Đội đã chọn ${'ABCDEF'[wrong]} lúc` }).waitFor();

    // The second tap of team 1, from the other device: refused with the server's words.
    await second.click(`[data-testid=team-choice][data-choice="${wrong}"]`);
    await second.click('[data-testid=team-confirm-ok]');
    await second.locator('[data-testid=team-error]', { hasText: 'chỉ câu trả lời đầu tiên được tính' }).waitFor();
    // …and it then shows the answer that counts.
    await second.locator('[data-testid=team-chosen]', { hasText: `Đội đã chọn ${'ABCDEF'[correct]}` }).waitFor();
    await second.close();

    await host.locator('[data-testid=quiz-answered]', { hasText: '2/' }).waitFor();
    expect(await host.locator(`[data-testid=quiz-team][data-team=${TEAM1}]`).getAttribute('data-answered')).toBe('true');
    expect(await host.locator(`[data-testid=quiz-team][data-team=${TEAM2}]`).getAttribute('data-answered')).toBe('true');
    await screen.locator('[data-testid=screen-answered]', { hasText: '2 đội đã trả lời' }).waitFor();
  });

  it('the host closes: the screen shows the correct choice and the counts, phones the outcome', async () => {
    await host.click('[data-testid=quiz-close]');
    await host.locator('[data-testid=quiz-answer]').waitFor();

    await screen.locator(`[data-testid=screen-choice][data-choice="${correct}"][data-correct=true]`).waitFor();
    await screen.locator('[data-testid=screen-correct]', { hasText: `Đáp án đúng: ${'ABCDEF'[correct]}` }).waitFor();
    expect(await screen.locator(`[data-testid=screen-choice][data-choice="${correct}"]`).getAttribute('data-count')).toBe('1');
    expect(await screen.locator(`[data-testid=screen-choice][data-choice="${wrong}"]`).getAttribute('data-count')).toBe('1');

    await phone1.locator('[data-testid=team-result][data-result=right]').waitFor();
    await phone2.locator('[data-testid=team-result][data-result=wrong]').waitFor();

    // Sealed: no frame reached a team's phone with the answer or the counts while it was open.
    const leaked = phoneFrames.some((f) => f.quiz && !f.quiz.closedAt && (f.quiz.answer !== null || f.quiz.counts !== null));
    expect(leaked).toBe(false);

    const board = (await (await fetch(`${suite.server.url}/api/contests/${DEMO_SLUG}/scoreboard`)).json()) as {
      rows: { team: string; rounds: Record<string, number | null> }[];
    };
    expect(board.rows.find((r) => r.team === TEAM1)?.rounds[ROUND]).toBe(question.points);
    expect(board.rows.find((r) => r.team === TEAM2)?.rounds[ROUND]).toBe(0);

    // Reload-safe: the phone asks the server again and shows the same answer and outcome.
    await phone1.reload();
    await phone1.locator('[data-testid=team-result][data-result=right]').waitFor();
    await phone1.locator('[data-testid=team-chosen]', { hasText: `Đội đã chọn ${'ABCDEF'[correct]}` }).waitFor();
  });

  it('the question bank previews a CSV file and names its bad row', async () => {
    const file = join(tmpdir(), `hoithi-quiz-${process.pid}.csv`);
    writeFileSync(
      file,
      '\uFEFFCâu hỏi,A,B,C,D,Đáp án,Điểm,Thời gian (giây)\r\n' +
        'Thủ đô của Việt Nam là thành phố nào?,Hà Nội,Huế,Đà Nẵng,Cần Thơ,A,10,30\r\n' +
        'Một câu có đáp án không tồn tại,Có,Không,,,E,10,30\r\n' +
        'Gia Lai thuộc vùng nào?,Tây Nguyên,Tây Bắc,Đông Nam Bộ,,A,5,\r\n',
    );
    await host.goto(`${suite.server.url}/contests/${DEMO_SLUG}/quiz`);
    await host.locator('[data-testid=bank-row]').first().waitFor();
    expect(await host.locator('[data-testid=bank-row]').count()).toBe(20);
    await host.setInputFiles('[data-testid=bank-import-file]', file);
    await host.locator('[data-testid=bank-preview]').waitFor();
    expect(await host.locator('[data-testid=bank-preview-row]').count()).toBe(2);
    const bad = host.locator('[data-testid=bank-preview-error]');
    expect(await bad.count()).toBe(1);
    expect(await bad.getAttribute('data-row')).toBe('3');
    expect(await bad.textContent()).toContain('Dòng 3');
    // Reading changes nothing: the bank still has its 20 questions.
    expect(await host.locator('[data-testid=bank-count]').textContent()).toBe('20 câu hỏi');
  });

  it('had no console errors or page errors', () => {
    expect(suite.problems).toEqual([]);
  });
});
