/**
 * Every rule of docs/scoring.md §1, each with a failing example: the API answers 400 and its
 * message names the field path, in Vietnamese by default and in English on request.
 */
import { describe, expect, it } from 'vitest';
import type { ContestPackageInput } from '../../server/contract/package.js';
import { demoPackage, useApp } from '../helpers/app.js';

type Pkg = ContestPackageInput & Record<string, unknown>;
type Case = [name: string, mutate: (p: Pkg) => void, path: string, code?: string];

/* eslint-disable @typescript-eslint/no-explicit-any -- the cases deliberately break the types */
const rubric = (p: Pkg) => p.rounds[0] as any;
const quiz = (p: Pkg) => p.rounds[1] as any;
const direct = (p: Pkg) => p.rounds[3] as any;

const CASES: Case[] = [
  ['wrong format', (p) => ((p as any).format = 'hoithi/contest@2'), 'format'],
  ['slug too short', (p) => (p.slug = 'ab'), 'slug', 'SLUG_FORMAT'],
  ['slug with capitals', (p) => (p.slug = 'Hoi-Thi'), 'slug', 'SLUG_FORMAT'],
  ['title empty after trimming', (p) => (p.title = '   '), 'title', 'empty'],
  ['slug reserved for a page', (p) => (p.slug = 'import'), 'slug', 'SLUG_RESERVED'],
  ['title over 500 characters', (p) => (p.title = 'Đ'.repeat(501)), 'title'],
  ['organizer missing', (p) => delete (p as any).organizer, 'organizer', 'required'],
  ['date not a date', (p) => (p.date = '2019-02-30'), 'date', 'DATE_FORMAT'],
  ['locale unknown', (p) => ((p as any).locale = 'fr'), 'locale'],
  ['aggregation method unknown', (p) => ((p.aggregation as any).method = 'max'), 'aggregation.method'],
  ['negative trim', (p) => (p.aggregation.trim = -1), 'aggregation.trim'],
  ['tiebreak not round:<key>', (p) => (p.tiebreak = ['thuyet-trinh']), 'tiebreak.0', 'TIEBREAK_FORMAT'],
  ['tiebreak names no round', (p) => (p.tiebreak = ['round:khong-co']), 'tiebreak.0', 'UNKNOWN_ROUND'],
  ['no rounds', (p) => (p.rounds = []), 'rounds'],
  ['round key with a space', (p) => (rubric(p).key = 'gioi thieu'), 'rounds.0.key', 'KEY_FORMAT'],
  ['round key over 64 characters', (p) => (rubric(p).key = 'a'.repeat(65)), 'rounds.0.key', 'KEY_FORMAT'],
  ['duplicate round key', (p) => (quiz(p).key = 'gioi-thieu'), 'rounds.1.key', 'DUPLICATE_KEY'],
  ['round kind unknown', (p) => (rubric(p).kind = 'vote'), 'rounds.0.kind'],
  ['negative weight', (p) => (rubric(p).weight = -1), 'rounds.0.weight'],
  ['weight with three decimals', (p) => (rubric(p).weight = 1.005), 'rounds.0.weight', 'NOT_HUNDREDTHS'],
  ['rubric without criteria', (p) => (rubric(p).criteria = []), 'rounds.0.criteria'],
  [
    'duplicate criterion key',
    (p) => (rubric(p).criteria[1].key = rubric(p).criteria[0].key),
    'rounds.0.criteria.1.key',
    'DUPLICATE_KEY',
  ],
  ['criterion max 0', (p) => (rubric(p).criteria[0].max = 0), 'rounds.0.criteria.0.max', 'MUST_BE_POSITIVE'],
  [
    'criterion step not allowed and not dividing max',
    (p) => Object.assign(rubric(p).criteria[0], { max: 10, step: 0.3 }),
    'rounds.0.criteria.0.step',
    'STEP_NOT_ALLOWED',
  ],
  ['criterion step 0', (p) => (rubric(p).criteria[0].step = 0), 'rounds.0.criteria.0.step', 'MUST_BE_POSITIVE'],
  ['criterion title empty', (p) => (rubric(p).criteria[0].title = ''), 'rounds.0.criteria.0.title'],
  [
    'duplicate question key',
    (p) => (quiz(p).questions[1].key = quiz(p).questions[0].key),
    'rounds.1.questions.1.key',
    'DUPLICATE_KEY',
  ],
  ['answer outside the choices', (p) => (quiz(p).questions[0].answer = 4), 'rounds.1.questions.0.answer', 'ANSWER_OUT_OF_RANGE'],
  ['negative answer', (p) => (quiz(p).questions[0].answer = -1), 'rounds.1.questions.0.answer'],
  ['one choice only', (p) => (quiz(p).questions[0].choices = ['Một']), 'rounds.1.questions.0.choices'],
  ['question points 0', (p) => (quiz(p).questions[0].points = 0), 'rounds.1.questions.0.points', 'MUST_BE_POSITIVE'],
  [
    'direct round step not dividing max',
    (p) => Object.assign(direct(p), { max: 10, step: 3 }),
    'rounds.3.step',
    'STEP_NOT_ALLOWED',
  ],
  ['duplicate prize key', (p) => (p.prizes![1]!.key = p.prizes![0]!.key), 'prizes.1.key', 'DUPLICATE_KEY'],
  ['prize count 0', (p) => (p.prizes![0]!.count = 0), 'prizes.0.count'],
  ['round_best names no round', (p) => ((p.prizes![4] as any).round = 'khong-co'), 'prizes.4.round', 'UNKNOWN_ROUND'],
  ['prize kind unknown', (p) => ((p.prizes![0] as any).kind = 'grand'), 'prizes.0.kind'],
  ['duplicate team key', (p) => (p.teams![1]!.key = p.teams![0]!.key), 'teams.1.key', 'DUPLICATE_KEY'],
  ['team name missing', (p) => delete (p.teams![0] as any).name, 'teams.0.name', 'required'],
  [
    'idea summary over 5,000 characters',
    (p) => (p.teams![0]!.idea = { title: 'Ý tưởng', summary: 'x'.repeat(5001) }),
    'teams.0.idea.summary',
  ],
  ['member name empty', (p) => (p.teams![0]!.members![0]!.name = ' '), 'teams.0.members.0.name'],
  ['duplicate judge key', (p) => (p.judges![1]!.key = p.judges![0]!.key), 'judges.1.key', 'DUPLICATE_KEY'],
  ['conflict with no such team', (p) => (p.judges![1]!.conflicts = ['khong-co']), 'judges.1.conflicts.0', 'UNKNOWN_TEAM'],
];
/* eslint-enable @typescript-eslint/no-explicit-any */

const session = useApp({}, { once: true });

const submit = (pkg: unknown, lang?: string) =>
  session.h.app.inject({
    method: 'POST',
    url: '/api/contests',
    payload: pkg as object,
    headers: { cookie: session.cookie, ...(lang ? { 'accept-language': lang } : {}) },
  });

/** Posts `payload` as it is, declared as `type`. */
const submitRaw = (type: string, payload: string) =>
  session.h.app.inject({
    method: 'POST',
    url: '/api/contests',
    headers: { cookie: session.cookie, 'content-type': type },
    payload,
  });

describe('contest package validation', () => {
  it.each(CASES)('%s → 400 naming %s', async (_name, mutate, path, code) => {
    const pkg = demoPackage() as Pkg;
    mutate(pkg);
    const res = await submit(pkg);
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('VALIDATION');
    const issue = error.issues.find((i: { path: string }) => i.path === path);
    expect(issue, `issues: ${JSON.stringify(error.issues)}`).toBeDefined();
    if (code) expect(issue.code).toBe(code);
    expect(error.message.startsWith(`${error.path}: `)).toBe(true);
  });

  it('words the same issue in English when asked', async () => {
    const pkg = demoPackage() as Pkg;
    pkg.judges![1]!.conflicts = ['khong-co'];
    const vi = (await submit(pkg)).json().error;
    const en = (await submit(pkg, 'en')).json().error;
    expect(vi.message).toBe('judges.1.conflicts.0: Không có đội thi mang mã "khong-co"');
    expect(en.message).toBe('judges.1.conflicts.0: No team with key "khong-co"');
  });

  it('accepts a step that is not in the list but divides max', async () => {
    const pkg = demoPackage() as Pkg;
    pkg.slug = 'step-chia-het';
    Object.assign((pkg.rounds[0] as { criteria: object[] }).criteria[0]!, { max: 9, step: 0.3 });
    expect((await submit(pkg)).statusCode).toBe(201);
  });

  it('trims text and stores it NFC-normalised, so decomposed diacritics come back composed', async () => {
    const pkg = demoPackage() as Pkg;
    pkg.slug = 'nfc-thu';
    const decomposed = '  Đội Bảo hiểm xã hội tỉnh  '.normalize('NFD');
    pkg.teams![0]!.name = decomposed;
    expect((await submit(pkg)).statusCode).toBe(201);
    const exported = (
      await session.h.app.inject({ method: 'GET', url: '/api/contests/nfc-thu/package', headers: { cookie: session.cookie } })
    ).json();
    expect(exported.teams[0].name).toBe('Đội Bảo hiểm xã hội tỉnh'.normalize('NFC'));
  });

  it('reports every issue at once, not only the first', async () => {
    const pkg = demoPackage() as Pkg;
    pkg.slug = 'X';
    pkg.teams![1]!.key = pkg.teams![0]!.key;
    const paths = (await submit(pkg)).json().error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['slug', 'teams.1.key']));
  });

  it('answers 400 for a body that is not JSON and 415 for one that is not declared JSON', async () => {
    const bad = await submitRaw('application/json', '{"format": ');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('BAD_JSON');
    const text = await submitRaw('application/xml', '<x/>');
    expect(text.statusCode).toBe(415);
  });

  it('answers 413 for a package over 5 MB', async () => {
    const pkg = demoPackage() as Pkg;
    pkg.description = 'x'.repeat(6 * 1024 * 1024);
    const res = await submit(pkg);
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('BODY_TOO_LARGE');
  });
});
