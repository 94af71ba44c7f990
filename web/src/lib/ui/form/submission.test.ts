import { describe, expect, it } from 'vitest';
import { Submission } from './submission.svelte';

describe('Submission', () => {
  it('is working while the sending runs, and succeeds with no failure', async () => {
    const submission = new Submission();
    let release!: () => void;
    const sent = submission.run(() => new Promise<void>((resolve) => (release = resolve)));
    expect(submission.working).toBe(true);
    release();
    expect(await sent).toBe(true);
    expect(submission.working).toBe(false);
    expect(submission.failure).toBeNull();
  });

  it('keeps the failure of a sending that threw, and clears it on the next one', async () => {
    const submission = new Submission();
    const boom = new Error('boom');
    expect(
      await submission.run(() => {
        throw boom;
      }),
    ).toBe(false);
    expect(submission.failure).toBe(boom);
    expect(submission.working).toBe(false);
    expect(await submission.run(async () => {})).toBe(true);
    expect(submission.failure).toBeNull();
  });

  it('does not start a second sending while one is under way', async () => {
    const submission = new Submission();
    let release!: () => void;
    let calls = 0;
    const first = submission.run(() => {
      calls++;
      return new Promise<void>((resolve) => (release = resolve));
    });
    expect(
      await submission.run(async () => {
        calls++;
      }),
    ).toBe(false);
    release();
    expect(await first).toBe(true);
    expect(calls).toBe(1);
  });

  it('forgets the failure on reset', async () => {
    const submission = new Submission();
    await submission.run(() => Promise.reject(new Error('no')));
    expect(submission.failure).toBeInstanceOf(Error);
    submission.reset();
    expect(submission.failure).toBeNull();
  });
});
