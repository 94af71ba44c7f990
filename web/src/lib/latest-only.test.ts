/** LatestOnly: answers arriving in any order, only the last request's is applied. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatestOnly } from './latest-only';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('LatestOnly', () => {
  it('drops an earlier answer that arrives after a later one', async () => {
    const latest = new LatestOnly();
    const applied: string[] = [];
    const first = deferred<string>();
    const second = deferred<string>();
    const a = latest.run(
      () => first.promise,
      (v) => applied.push(v),
    );
    const b = latest.run(
      () => second.promise,
      (v) => applied.push(v),
    );
    second.resolve('second');
    await b;
    first.resolve('first');
    await a;
    expect(applied).toEqual(['second']);
  });

  it('reports a failure only when it is the last request', async () => {
    const latest = new LatestOnly();
    const failures: unknown[] = [];
    const first = deferred<string>();
    const a = latest.run(
      () => first.promise,
      () => undefined,
      (e) => failures.push(e),
    );
    const b = latest.run(
      () => Promise.reject(new Error('last')),
      () => undefined,
      (e) => failures.push(e),
    );
    first.reject(new Error('earlier'));
    await Promise.all([a, b]);
    expect(failures.map((e) => (e as Error).message)).toEqual(['last']);
  });

  it('after invalidate, an answer in flight is dropped and a new request is applied', async () => {
    const latest = new LatestOnly();
    const applied: string[] = [];
    const inFlight = deferred<string>();
    const a = latest.run(
      () => inFlight.promise,
      (v) => applied.push(v),
    );
    latest.invalidate();
    inFlight.resolve('before the change');
    await a;
    await latest.run(
      () => Promise.resolve('after'),
      (v) => applied.push(v),
    );
    expect(applied).toEqual(['after']);
  });

  it('whatever the order of answers, what is applied last is the last request’s answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 8 })
          .chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }))),
        async ([n, order]) => {
          const latest = new LatestOnly();
          const pending = Array.from({ length: n }, () => deferred<number>());
          const applied: number[] = [];
          const runs = pending.map((d) =>
            latest.run(
              () => d.promise,
              (v) => applied.push(v),
            ),
          );
          for (const i of order) {
            pending[i]!.resolve(i);
            await runs[i];
          }
          expect(applied).toEqual([n - 1]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
