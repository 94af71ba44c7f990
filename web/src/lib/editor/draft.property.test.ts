/**
 * General rules of the editor's draft, over generated contests: any valid package read into the
 * form and written back out is the same package; the numbers and times the organizer types read
 * as they should; the scoring key ignores what scores do not depend on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contestPackageSchema, type ContestPackage } from '$contract/package';
import { fromPackage, instantToLocal, localToInstant, parseNumber, resolveKeys, scoringKey, timeLimit, toPackage } from './draft';

const keyArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const wordArb = fc.constantFrom('Đội', 'Vòng', 'Ý tưởng', 'Hội thi', 'Nguyễn Văn An', 'Trần Thị Bé', 'Sáng tạo', 'A', 'Quiz 2');
const textArb = fc.array(wordArb, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const pointsArb = fc.constantFrom(1, 5, 10, 20, 100);
const stepArb = fc.constantFrom(0.25, 0.5, 1);
const secondsArb = maybe(fc.integer({ min: 1, max: 86400 }));
const uniqueByKey = <T extends { key: string }>(arb: fc.Arbitrary<T>, min: number, max: number) =>
  fc.uniqueArray(arb, { minLength: min, maxLength: max, selector: (x) => x.key });

const criterionArb = fc.record(
  { key: keyArb, title: textArb, description: maybe(textArb), max: pointsArb, step: stepArb },
  { requiredKeys: ['key', 'title', 'max', 'step'] },
);
const questionArb = fc
  .record({
    key: keyArb,
    text: textArb,
    choices: fc.array(textArb, { minLength: 2, maxLength: 6 }),
    points: pointsArb,
    timeLimitSec: secondsArb,
  })
  .chain((q) => fc.integer({ min: 0, max: q.choices.length - 1 }).map((answer) => ({ ...q, answer })));
const roundArb = fc.oneof(
  fc.record({
    key: keyArb,
    title: textArb,
    weight: fc.constantFrom(0, 1, 2, 0.5),
    timeLimitSec: secondsArb,
    kind: fc.constant('rubric' as const),
    criteria: uniqueByKey(criterionArb, 1, 4),
  }),
  fc.record({
    key: keyArb,
    title: textArb,
    weight: fc.constantFrom(1, 3),
    timeLimitSec: secondsArb,
    kind: fc.constant('quiz' as const),
    questions: uniqueByKey(questionArb, 0, 3),
  }),
  fc.record({
    key: keyArb,
    title: textArb,
    weight: fc.constantFrom(1, 2),
    timeLimitSec: secondsArb,
    kind: fc.constant('direct' as const),
    max: pointsArb,
    step: stepArb,
  }),
);
const teamArb = fc.record(
  {
    key: keyArb,
    name: textArb,
    unit: textArb,
    members: fc.array(fc.record({ name: textArb, role: maybe(textArb) }, { requiredKeys: ['name'] }), { maxLength: 3 }),
    idea: maybe(fc.record({ title: textArb, summary: maybe(textArb) }, { requiredKeys: ['title'] })),
    status: maybe(fc.constantFrom('pending', 'active', 'rejected', 'withdrawn', 'disqualified')),
    leader: maybe(
      fc.record(
        { name: textArb, phone: maybe(fc.constant('0912345678')), email: maybe(fc.constant('a@b.vn')) },
        { requiredKeys: ['name'] },
      ),
    ),
    rejectReason: maybe(textArb),
  },
  { requiredKeys: ['key', 'name', 'unit', 'members'] },
);

const packageArb: fc.Arbitrary<ContestPackage> = fc
  .record({
    rounds: uniqueByKey(roundArb, 1, 3),
    teams: uniqueByKey(teamArb, 0, 4),
    title: textArb,
    venue: maybe(textArb),
    chairName: maybe(textArb),
    description: maybe(textArb),
    method: fc.constantFrom('mean', 'trimmed_mean', 'median'),
    decimals: fc.integer({ min: 0, max: 4 }),
    deadline: maybe(fc.constantFrom('2026-12-01T17:00:00+07:00', '2026-11-30T10:00:00Z')),
    units: fc.uniqueArray(textArb, { maxLength: 3 }),
  })
  .chain((p) =>
    fc
      .record({
        judges: uniqueByKey(
          fc.record(
            {
              key: keyArb,
              name: textArb,
              title: maybe(textArb),
              unit: maybe(textArb),
              conflicts: fc.subarray(p.teams.map((t) => t.key)),
            },
            { requiredKeys: ['key', 'name', 'conflicts'] },
          ),
          0,
          3,
        ),
        prizes: uniqueByKey(
          fc.oneof(
            fc.record({
              key: keyArb,
              title: textArb,
              kind: fc.constantFrom('overall', 'audience', 'special'),
              count: fc.integer({ min: 1, max: 3 }),
            }),
            fc.record({
              key: keyArb,
              title: textArb,
              kind: fc.constant('round_best' as const),
              count: fc.integer({ min: 1, max: 3 }),
              round: fc.constantFrom(...p.rounds.map((r) => r.key)),
            }),
          ),
          0,
          3,
        ),
      })
      .map(({ judges, prizes }) =>
        contestPackageSchema.parse({
          format: 'hoithi/contest@1',
          slug: 'hoi-thi',
          title: p.title,
          organizer: 'Ban tổ chức',
          date: '2026-12-04',
          venue: p.venue,
          chairName: p.chairName,
          description: p.description,
          locale: 'vi',
          aggregation: { method: p.method, trim: p.method === 'trimmed_mean' ? 10 : 0, decimals: p.decimals },
          tiebreak: [],
          rounds: p.rounds,
          prizes,
          teams: p.teams,
          judges,
          units: p.units,
          ...(p.deadline ? { registration: { deadline: p.deadline } } : {}),
        }),
      ),
  );

const roundTrip = (pkg: ContestPackage) => {
  const { draft, kept } = fromPackage(pkg);
  return contestPackageSchema.parse(toPackage(draft, kept, resolveKeys(draft)));
};

describe('the editor’s draft over any valid contest', () => {
  it('reads a package into the form and writes the same package back', () => {
    fc.assert(
      fc.property(packageArb, (pkg) => {
        expect(roundTrip(pkg)).toEqual(pkg);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same scoring key whatever the order of teams and judges and whatever the titles', () => {
    fc.assert(
      fc.property(packageArb, fc.boolean(), (pkg, retitle) => {
        const shuffled = {
          ...pkg,
          title: retitle ? `${pkg.title} mới` : pkg.title,
          teams: [...pkg.teams].reverse().map((t) => ({ ...t, name: `${t.name} đổi tên` })),
          judges: [...pkg.judges].reverse(),
          rounds: pkg.rounds.map((r) => ({ ...r, title: `${r.title}!` })),
        };
        expect(scoringKey(shuffled)).toBe(scoringKey(pkg));
        // …and a change that scores depend on changes it.
        const heavier = { ...pkg, rounds: pkg.rounds.map((r, i) => (i === 0 ? { ...r, weight: r.weight + 1 } : r)) };
        expect(scoringKey(heavier)).not.toBe(scoringKey(pkg));
      }),
    );
  });
});

describe('what the organizer types', () => {
  it('reads a number with a comma or a dot, blank as absent, anything else as text for the schema to refuse', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100000 }), fc.constantFrom(0, 25, 5, 75), fc.boolean(), (whole, cents, comma) => {
        const n = whole + cents / 100;
        const typed = ` ${String(n).replace('.', comma ? ',' : '.')} `;
        expect(parseNumber(typed)).toBe(n);
      }),
    );
    expect(parseNumber('   ')).toBeUndefined();
    expect(parseNumber('mười')).toBe('mười');
  });

  it('reads minutes and seconds as seconds; zero or nothing is no limit; text is kept for the schema', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 59 }), (m, s) => {
        const total = m * 60 + s;
        expect(timeLimit(String(m), String(s))).toBe(total === 0 ? undefined : total);
        expect(timeLimit(String(m), '')).toBe(m === 0 ? undefined : m * 60);
      }),
    );
    expect(timeLimit('', '')).toBeUndefined();
    expect(timeLimit('2 phút', '')).toBe('2 phút');
  });

  it('turns a deadline shown in local time back into the same instant, to the minute', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        const local = instantToLocal(iso);
        expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
        const back = localToInstant(local);
        expect(back).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00[+-]\d{2}:\d{2}$/);
        expect(Date.parse(back!)).toBe(ms - (ms % 60_000));
      }),
    );
    expect(instantToLocal('not a date')).toBe('');
    expect(localToInstant('2026-12-04 08:00')).toBeUndefined();
  });
});
