/** import(export(c)) gives back an equal package (docs/scoring.md §1), for generated packages. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { ALLOWED_STEPS, contestPackageSchema } from '../../server/contract/package.js';
import { createContest, useApp } from '../helpers/app.js';

const VI = 'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐĂÂÊÔƠƯ -–,.';
const viChar = fc.constantFrom(...[...VI]);
/** Text that survives trimming; sometimes decomposed (NFD) or padded, which the import must normalise. */
const text = (max = 40) =>
  fc
    .tuple(fc.string({ unit: viChar, minLength: 1, maxLength: max }), fc.boolean(), fc.boolean())
    .filter(([s]) => s.trim().length > 0)
    .map(([s, nfd, pad]) => {
      const v = nfd ? s.normalize('NFD') : s;
      return pad ? `  ${v} ` : v;
    });
const key = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
const hundredths = (min: number, max: number) => fc.integer({ min, max }).map((n) => n / 100);
const keyed = <T>(arb: fc.Arbitrary<T & { key: string }>, min: number, max: number) =>
  fc.uniqueArray(arb, { minLength: min, maxLength: max, selector: (x) => x.key });

const criterion = fc.record(
  { key, title: text(), description: text(60), max: hundredths(1, 10000), step: fc.constantFrom(...ALLOWED_STEPS) },
  { requiredKeys: ['key', 'title', 'max', 'step'] },
);
const question = fc
  .record(
    {
      key,
      text: text(80),
      choices: fc.array(text(20), { minLength: 2, maxLength: 6 }),
      points: hundredths(1, 2000),
      timeLimitSec: fc.integer({ min: 1, max: 600 }),
    },
    { requiredKeys: ['key', 'text', 'choices', 'points'] },
  )
  .chain((q) => fc.integer({ min: 0, max: q.choices.length - 1 }).map((answer) => ({ ...q, answer })));
const roundBase = { key, title: text(), weight: hundredths(0, 500), timeLimitSec: fc.integer({ min: 1, max: 3600 }) };
const round = fc.oneof(
  fc.record(
    { ...roundBase, kind: fc.constant('rubric' as const), criteria: keyed(criterion, 1, 4) },
    { requiredKeys: ['key', 'title', 'weight', 'kind', 'criteria'] },
  ),
  fc.record(
    { ...roundBase, kind: fc.constant('quiz' as const), questions: keyed(question, 0, 4) },
    { requiredKeys: ['key', 'title', 'weight', 'kind', 'questions'] },
  ),
  fc.record(
    { ...roundBase, kind: fc.constant('direct' as const), max: hundredths(1, 5000), step: fc.constantFrom(...ALLOWED_STEPS) },
    { requiredKeys: ['key', 'title', 'weight', 'kind', 'max', 'step'] },
  ),
);
const member = fc.record({ name: text(), role: text(15) }, { requiredKeys: ['name'] });
const team = fc.record(
  {
    key,
    name: text(),
    unit: text(),
    members: fc.array(member, { maxLength: 5 }),
    idea: fc.record({ title: text(), summary: text(200) }, { requiredKeys: ['title'] }),
  },
  { requiredKeys: ['key', 'name', 'unit', 'members'] },
);

const contestPackage = fc
  .record({
    rounds: keyed(round, 1, 4),
    teams: keyed(team, 0, 6),
    judgeKeys: fc.uniqueArray(key, { maxLength: 4 }),
    title: text(),
    organizer: text(),
    venue: fc.option(text(), { nil: undefined }),
    chairName: fc.option(text(), { nil: undefined }),
    secretaryName: fc.option(text(), { nil: undefined }),
    date: fc
      .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
    locale: fc.constantFrom('vi' as const, 'en' as const),
    method: fc.constantFrom('mean' as const, 'trimmed_mean' as const, 'median' as const),
    trim: fc.integer({ min: 0, max: 3 }),
    decimals: fc.integer({ min: 0, max: 4 }),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .map((g) => {
    const roundKeys = g.rounds.map((r) => r.key);
    const teamKeys = g.teams.map((t) => t.key);
    const pick = <T>(list: T[], i: number) => list[i % list.length]!;
    return {
      format: 'hoithi/contest@1' as const,
      slug: 'placeholder',
      title: g.title,
      organizer: g.organizer,
      date: g.date,
      ...(g.venue === undefined ? {} : { venue: g.venue }),
      ...(g.chairName === undefined ? {} : { chairName: g.chairName }),
      ...(g.secretaryName === undefined ? {} : { secretaryName: g.secretaryName }),
      locale: g.locale,
      aggregation: { method: g.method, trim: g.trim, decimals: g.decimals },
      tiebreak: roundKeys.slice(0, g.seed % 3).map((k) => `round:${k}`),
      rounds: g.rounds,
      prizes: [
        { key: 'nhat', title: 'Giải Nhất', kind: 'overall' as const, count: 1 + (g.seed % 3) },
        { key: 'best', title: 'Phần thi xuất sắc', kind: 'round_best' as const, count: 1, round: pick(roundKeys, g.seed) },
        { key: 'khan-gia', title: 'Khán giả yêu thích', kind: 'audience' as const, count: 1 },
      ],
      teams: g.teams,
      judges: g.judgeKeys.map((k, i) => ({
        key: k,
        name: `Giám khảo ${i + 1}`,
        conflicts: teamKeys.length > 0 && (g.seed + i) % 2 === 0 ? [pick(teamKeys, g.seed + i)] : [],
      })),
    };
  });

const session = useApp({}, { once: true });

it('export(import(p)) equals the parsed package, for any valid package', async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(contestPackage, async (generated) => {
      const pkg = { ...generated, slug: `roundtrip-${n++}` };
      await createContest(session.h.app, session.cookie, pkg);
      const exported = await session.h.app.inject({
        method: 'GET',
        url: `/api/contests/${pkg.slug}/package`,
        headers: { cookie: session.cookie },
      });
      const expected = contestPackageSchema.parse(pkg);
      expect(exported.json()).toEqual(expected);
      // ...and importing the export again gives the same package once more.
      const again = { ...exported.json(), slug: `${pkg.slug}-b` };
      expect(
        (
          await session.h.app.inject({
            method: 'POST',
            url: '/api/contests',
            payload: again,
            headers: { cookie: session.cookie },
          })
        ).statusCode,
      ).toBe(201);
      const second = await session.h.app.inject({
        method: 'GET',
        url: `/api/contests/${again.slug}/package`,
        headers: { cookie: session.cookie },
      });
      expect(second.json()).toEqual({ ...expected, slug: again.slug });
    }),
    { numRuns: 150 },
  );
});
