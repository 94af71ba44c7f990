/**
 * The team's phone (390×844) during the knowledge round: while a question is open, the question
 * and every choice fill the first screen (the registration folds into a one-line summary), each
 * choice at least 44 px tall; once the question closes the page is whole again, and the host's
 * console switches the big screen (a 1024×768 projector) to the round's standings so far.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeViolations, runAxe } from './axe.js';
import {
  closeAll,
  HOST_ACCOUNT,
  importPackage,
  launchBrowser,
  openHostConsole,
  startServer,
  watchProblems,
  type RunningServer,
} from './harness.js';

const SEED = join(import.meta.dirname, '..', '..', 'db', 'seed', 'cchc-gialai-2019.json');
const SLUG = 'cchc-gialai-2019';
const TEAM = 'bhxh';
const PHONE = { width: 390, height: 844 };
/** Chromium's line for the 401 of the team page before its session. */
const EXPECTED_HTTP = /^Failed to load resource: the server responded with a status of 401\b/;

const seed = JSON.parse(readFileSync(SEED, 'utf8')) as {
  rounds: { key: string; questions?: { key: string; answer: number; points: number; choices: string[] }[] }[];
};
const question = seed.rounds.find((r) => r.key === 'kien-thuc')!.questions![0]!;

const contexts: BrowserContext[] = [];
const problems: string[] = [];
let server: RunningServer;
let browser: Browser;
let cookie: string;
let phone: Page;

const call = (method: string, path: string, body?: object) =>
  fetch(`${server.url}/api/contests/${SLUG}${path}`, {
    method,
    headers: body ? { cookie, 'content-type': 'application/json' } : { cookie },
    body: body ? JSON.stringify(body) : undefined,
  });

async function newPage(name: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  return watchProblems(await context.newPage(), problems, EXPECTED_HTTP, `${name} `);
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  cookie = await server.signIn();
  const { teams } = await importPackage(server, SEED);
  phone = await newPage('phone', PHONE);
  await phone.goto(`${server.url}/t/${teams.find((t) => t.key === TEAM)!.token}`);
  await phone.waitForURL(`${server.url}/t`);
  await phone.locator('[data-testid=team-page][data-live=true]').waitFor();
  await phone.locator('[data-testid=team-wait]').waitFor();
});
afterAll(() => closeAll(contexts, browser, server));

/** The box of `selector`'s every match, in CSS px of the viewport. */
const boxes = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, height: r.height };
    }),
  );

it('before a question: the whole registration card is on the page, nothing folded', async () => {
  await phone.locator('[data-testid=team-registration]').waitFor();
  expect(await phone.locator('[data-testid=registration-fold]').count()).toBe(0);
  expect(await phone.locator('[data-testid=team-sign-out]').isVisible()).toBe(true);
});

it('an open question and every choice fill the first screen, each choice at least 44 px tall', async () => {
  expect((await call('POST', '/quiz/kien-thuc/c1/open')).status).toBe(200);
  await phone.locator('[data-testid=team-quiz][data-phase=open]').waitFor();

  const [q] = await boxes(phone, '[data-testid=team-question]');
  expect(q!.top).toBeGreaterThanOrEqual(0);
  expect(q!.bottom).toBeLessThanOrEqual(PHONE.height);
  const choices = await boxes(phone, '[data-testid=team-choice]');
  expect(choices.length).toBe(question.choices.length);
  for (const c of choices) {
    expect(c.height).toBeGreaterThanOrEqual(44);
    expect(c.top).toBeGreaterThanOrEqual(0);
    expect(c.bottom).toBeLessThanOrEqual(PHONE.height);
  }
  expect(await phone.locator('[data-testid=team-choice]:enabled').count()).toBe(question.choices.length);

  // The registration is folded into its summary: the card's status is not shown until opened.
  const fold = phone.locator('[data-testid=registration-fold]');
  await fold.waitFor();
  expect(await fold.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
  expect(await phone.locator('[data-testid=registration-status]').isVisible()).toBe(false);
  const [summary] = await boxes(phone, '[data-testid=registration-fold] summary');
  expect(summary!.height).toBeGreaterThanOrEqual(44);
  // A tap on the summary opens it (the team can still read it during the question).
  await phone.click('[data-testid=registration-fold] summary');
  await phone.locator('[data-testid=registration-status]').waitFor();
  await phone.click('[data-testid=registration-fold] summary');
  await phone.locator('[data-testid=registration-status]').waitFor({ state: 'hidden' });

  expect(describeViolations(await runAxe(phone))).toBe('');
});

it('after the answer and the close, the page is whole again and the big screen shows the round’s standings', async () => {
  await phone.click(`[data-testid=team-choice][data-choice="${question.answer}"]`);
  await phone.click('[data-testid=team-confirm-ok]');
  await phone.locator('[data-testid=team-chosen]').waitFor();
  expect((await call('POST', '/quiz/kien-thuc/c1/close')).status).toBe(200);
  await phone.locator('[data-testid=team-quiz][data-phase=closed]').waitFor();
  await phone.locator('[data-testid=team-result][data-result=right]').waitFor();
  await phone.locator('[data-testid=team-registration]').waitFor();
  expect(await phone.locator('[data-testid=registration-fold]').count()).toBe(0);

  const screen = await newPage('screen', { width: 1024, height: 768 });
  await screen.goto(`${server.url}/screen/${SLUG}`);
  await screen.locator('[data-testid=screen][data-live=true][data-scene=quiz]').waitFor();
  // The host, signed in at the console, presses the scene's button as they would at the venue.
  const host = await newPage('host', { width: 1366, height: 900 });
  await openHostConsole(host, server, SLUG, HOST_ACCOUNT);
  await host.click('[data-testid=scene-button][data-scene=quiz_board]');
  await host.locator('[data-testid=scene-button][data-scene=quiz_board][aria-pressed=true]').waitFor();
  const board = screen.locator('[data-testid=scene-quiz_board] [data-testid=quiz-board][data-round=kien-thuc]');
  await board.waitFor();
  expect(await screen.locator('[data-testid=quiz-board-after]').textContent()).toContain('Sau câu 1/20');
  // The team that answered right leads alone, with the question's points; the others share 0.
  const leader = screen.locator(`[data-testid=board-row][data-team=${TEAM}][data-rank="1"]`);
  await leader.waitFor({ timeout: 20_000 });
  expect(await leader.locator('[data-testid=total]').textContent()).toContain(`${question.points},00`);
  const others = await screen.locator('[data-testid=board-row][data-rank="2"]').count();
  expect(others).toBeGreaterThan(0);
  for (const size of await screen
    .locator('[data-testid=board-row] .name .txt')
    .evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize))))
    expect(size).toBeGreaterThanOrEqual(20);
  expect(describeViolations(await runAxe(screen))).toBe('');
  expect(problems).toEqual([]);
});
